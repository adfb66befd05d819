import type { EventEmitter } from 'node:events';
import type BeeQueue from 'bee-queue';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import {
  toMs,
  type AddJobOptions,
  type Audience,
  type Duration,
  type JobHandler,
  type JobOptions,
  type JobQueue,
  type JobRun,
  type Logger as SdkLogger,
  type QueueCounts,
} from '@medianest/sdk';
import { isKnownAway, RedisUnavailable, type RedisOptions } from '../redis.js';
import { ROOM_ADMINS, type Emit } from '../realtime/rooms.js';
import { checkAudience, roomOf } from './audience.js';
import { openBeeQueue, type OpenedQueue } from './bee.js';
import { JobInterrupted, JobStopping, runHandler } from './run-handler.js';
import { Scheduler } from './scheduler.js';

export interface JobOutcomeListener {
  (pluginId: string, queue: string, outcome: 'succeeded' | 'failed' | 'retried' | 'stalled', durationMs: number): void;
}

export interface JobSystemOptions {
  /** Where bee-queue connects (it brings its own client). */
  redis: RedisOptions;
  /** An ioredis client for the scheduler's locks. */
  client: Redis;
  /** Key prefix, e.g. 'mn:'; bee-queue queues live under it. */
  prefix: string;
  log: Logger;
  /** Sends live events (progress, results). */
  emit: Emit;
  /** True in the `worker` and `all` roles: process jobs and run repeating schedules. */
  processJobs: boolean;
  /** How often stalled jobs are looked for (and so how soon a dead worker's job runs again). */
  stallIntervalMs: number;
  onOutcome?: JobOutcomeListener;
  /**
   * On stop, how long a running job may take to finish after its signal aborted (default 5000).
   * A job that has not finished by then, or that throws, goes back to the queue without using up a try.
   */
  stopGraceMs?: number;
}

/** What a job carries in Redis besides the plugin's data. */
interface Envelope {
  data: unknown;
  notify: Audience;
  /** Tries in all, to tell the handler which try this is. */
  attempts: number;
}

interface Settings {
  concurrency: number;
  attempts: number;
  backoff?: { strategy: 'fixed' | 'exponential'; delayMs: number };
  timeoutMs: number;
}

interface QueueEntry extends OpenedQueue<Envelope> {
  plugin: string;
  name: string;
  /** `<plugin>:<name>` */
  key: string;
  /** The plugin's logger, bound to the queue. */
  log: Logger;
  /** Abort controllers of the tries this process runs now. */
  running: Set<AbortController>;
  stopping: boolean;
  /** Settles once the queue is closed. */
  closed?: Promise<void>;
}

/** A queue's failures, for the admin page. */
export interface JobFailures {
  plugin: string;
  queue: string;
  failedLastHour: number;
  lastError: string;
  lastFailedAt: string;
}

const HOUR_MS = 3_600_000;

/** One try, as the outcome listeners need it. */
interface Try {
  room: string;
  log: Logger;
  started: number;
}

type Job = BeeQueue.Job<Envelope>;

const DEFAULT_TIMEOUT_MS = 10 * 60_000;
const MAX_TIMER_MS = 2 ** 31 - 1;
const COUNTS_TIMEOUT_MS = 5000;
const QUEUE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/**
 * Background jobs of plugins: one bee-queue queue per plugin queue (`<plugin>:<name>` under the
 * configured prefix), workers that run handlers with progress, retries, timeouts and an abort
 * signal, live events for their outcome, stalled-job recovery, and a cluster-wide scheduler of
 * repeating jobs. Nothing a handler does, and no Redis outage, throws out of here.
 */
export class JobSystem {
  private readonly queues = new Map<string, QueueEntry>();
  private readonly scheduler: Scheduler;
  private readonly beePrefix: string;
  private readonly graceMs: number;
  private closed = false;

  constructor(private readonly options: JobSystemOptions) {
    this.scheduler = new Scheduler(options.client, options.prefix, options.log);
    this.beePrefix = options.prefix.replace(/:+$/, '') || 'mn';
    this.graceMs = Math.max(0, options.stopGraceMs ?? 5000);
  }

  /** Opens the queue `<plugin>:<name>`; in a processing role its jobs run `handler`. */
  define<D, R>(pluginId: string, name: string, handler: JobHandler<D, R>, options: JobOptions, log: Logger): JobQueue<D> {
    const settings = readSettings(`${pluginId}:${name}`, options ?? {});
    const entry = this.open(pluginId, name, log);
    if (this.options.processJobs) this.process(entry, handler as JobHandler, settings);
    return {
      add: (data: D, add?: AddJobOptions) => this.add(entry, settings, data, add ?? {}),
      counts: () => this.counts(entry),
    };
  }

  /**
   * Runs `handler` once per `interval` across all processes: the process that wins the slot's lock
   * enqueues a job with the slot number as its id, and any worker runs it. A slot whose previous
   * run is still queued or running is skipped, so a slow run never piles up a backlog.
   */
  every(pluginId: string, name: string, interval: Duration, handler: JobHandler<Record<string, never>, unknown>, options: JobOptions, log: Logger): void {
    checkJobDefinition(pluginId, name, options, interval);
    const ms = toMs(interval);
    const timeout = options?.timeout ?? Math.max(30_000, Math.min(ms, DEFAULT_TIMEOUT_MS));
    const queue = this.define(pluginId, name, handler, { ...options, timeout }, log);
    if (!this.options.processJobs) return;
    const entry = this.queues.get(`${pluginId}:${name}`)!;
    this.scheduler.add(entry.key, ms, async (slot) => {
      if (entry.stopping) return;
      const c = await this.counts(entry);
      if (c.waiting + c.active + c.delayed > 0) {
        entry.log.debug({ slot }, 'the previous run is still queued or running: this slot is skipped');
        return;
      }
      await queue.add({}, { jobId: String(slot) });
    });
  }

  /** Stops the plugin's schedules and closes its queues; running jobs get `stopGraceMs` to finish. */
  async stopPlugin(pluginId: string): Promise<void> {
    const mine = [...this.queues.values()].filter((q) => q.plugin === pluginId);
    const keys = new Set(mine.map((q) => q.key));
    this.scheduler.removeWhere((key) => keys.has(key));
    await Promise.all(mine.map((q) => this.closeQueue(q)));
  }

  /** Counts of every open queue. */
  async depths(): Promise<Array<{ plugin: string; queue: string; counts: QueueCounts }>> {
    return Promise.all([...this.queues.values()].map(async (q) => ({ plugin: q.plugin, queue: q.name, counts: await this.counts(q) })));
  }

  /** Stops everything; the job system cannot be used afterwards. */
  async close(): Promise<void> {
    this.closed = true;
    this.scheduler.stop();
    await Promise.all([...this.queues.values()].map((q) => this.closeQueue(q)));
  }

  private open(pluginId: string, name: string, log: Logger): QueueEntry {
    if (this.closed) throw new Error('the job system is closed');
    checkJobDefinition(pluginId, name);
    const key = `${pluginId}:${name}`;
    if (this.queues.has(key)) throw new Error(`job queue ${key} is defined already`);
    const queueLog = log.child({ queue: key });
    const { processJobs, stallIntervalMs, redis } = this.options;
    const opened = openBeeQueue<Envelope>({ name: key, prefix: this.beePrefix, redis, worker: processJobs, stallIntervalMs, log: queueLog });
    const entry: QueueEntry = { ...opened, plugin: pluginId, name, key, log: queueLog, running: new Set(), stopping: false };
    this.queues.set(key, entry);
    if (processJobs) {
      opened.queue.on('stalled', (jobId: string) => {
        queueLog.warn({ jobId }, 'a job whose worker stopped answering is queued again');
        this.outcome(entry, 'stalled', 0);
      });
    }
    return entry;
  }

  private async add(entry: QueueEntry, settings: Settings, data: unknown, add: AddJobOptions): Promise<{ id: string }> {
    if (entry.stopping) throw new Error(`job queue ${entry.key} is stopped`);
    // While Redis is away a save would wait in bee-queue's offline queue: refuse now (a 503) instead.
    if (isKnownAway(this.options.client)) throw new RedisUnavailable();
    const envelope: Envelope = { data, notify: checkAudience(add.notify ?? 'admins'), attempts: settings.attempts };
    const job = entry.queue.createJob(envelope);
    if (add.jobId !== undefined) {
      if (typeof add.jobId !== 'string' || !add.jobId) throw new TypeError('jobId must be a non-empty string');
      job.setId(add.jobId);
    }
    if (settings.attempts > 1) job.retries(settings.attempts - 1);
    if (settings.backoff) job.backoff(settings.backoff.strategy, settings.backoff.delayMs);
    if (add.delay !== undefined) {
      const ms = toMs(add.delay);
      if (ms > 0) job.delayUntil(Date.now() + ms);
    }
    const saved = await job.save();
    // bee-queue answers a null id when a job with that id is queued already: it is the same job.
    return { id: add.jobId ?? String(saved.id) };
  }

  private process(entry: QueueEntry, handler: JobHandler, settings: Settings): void {
    const { queue } = entry;
    const tries = new WeakMap<Job, Try>();
    const event = (what: string) => `${entry.plugin}.${entry.name}.${what}`;

    // Outcomes are announced once bee-queue has stored them, so an event never runs ahead of Redis.
    queue.on('succeeded', (job: Job, result: unknown) => {
      const t = tries.get(job);
      if (!t) return;
      this.count(entry, 'succeeded');
      this.outcome(entry, 'succeeded', performance.now() - t.started);
      this.send(t, event('succeeded'), { jobId: String(job.id), result: result ?? null });
    });
    queue.on('retrying', (job: Job, err: unknown) => {
      const t = tries.get(job);
      if (!t) return;
      if (entry.wasRequeued(job)) {
        t.log.info({ err: message(err) }, 'the job was interrupted because its worker stopped; it is queued again');
        return;
      }
      t.log.warn({ err }, 'a try of the job failed; it will be retried');
      this.outcome(entry, 'retried', performance.now() - t.started);
    });
    (queue as EventEmitter).on('failed:fatal', (job: Job, err: unknown) => {
      const t = tries.get(job);
      if (!t) return;
      t.log.error({ err }, 'the job failed');
      this.count(entry, 'failed');
      this.recordFailure(entry, message(err));
      this.outcome(entry, 'failed', performance.now() - t.started);
      this.send(t, event('failed'), { jobId: String(job.id), error: message(err) });
    });

    queue.process(settings.concurrency, async (job: Job) => {
      const envelope = (job.data ?? {}) as Partial<Envelope>;
      const jobId = String(job.id);
      const attempt = Math.max(1, Number(envelope.attempts ?? 1) - Number(job.options.retries ?? 0));
      let room = ROOM_ADMINS;
      try {
        room = roomOf(checkAudience(envelope.notify ?? 'admins'));
      } catch { /* a malformed envelope: tell the admins */ }
      const t: Try = { room, log: entry.log.child({ jobId, attempt }), started: performance.now() };
      tries.set(job, t);
      const abort = new AbortController();
      entry.running.add(abort);
      if (entry.stopping) abort.abort(new JobStopping());
      let finished = false;
      const run: JobRun = {
        id: jobId,
        data: envelope.data,
        attempt,
        signal: abort.signal,
        log: t.log as unknown as SdkLogger,
        progress: (value) => {
          if (!finished) this.send(t, event('progress'), { jobId, progress: value });
        },
      };
      try {
        return await runHandler(() => handler(run), abort, settings.timeoutMs, this.graceMs);
      } catch (err) {
        if (err instanceof JobInterrupted) entry.requeueOnFailure(job);
        throw err;
      } finally {
        finished = true;
        entry.running.delete(abort);
      }
    });
  }

  private send(t: Try, event: string, data: unknown): void {
    try {
      this.options.emit(t.room, event, data);
    } catch (err) {
      t.log.warn({ err, event }, 'could not send a job event');
    }
  }

  private outcome(entry: QueueEntry, outcome: Parameters<JobOutcomeListener>[2], durationMs: number): void {
    try {
      this.options.onOutcome?.(entry.plugin, entry.name, outcome, durationMs);
    } catch (err) {
      entry.log.warn({ err }, 'a job outcome listener threw');
    }
  }

  /** bee-queue's own succeeded/failed sets stay empty (finished jobs are removed): keep counters instead. */
  private count(entry: QueueEntry, field: 'succeeded' | 'failed'): void {
    this.options.client.hincrby(`${entry.keyPrefix}counts`, field, 1).catch((err: Error) => {
      entry.log.warn({ err: err.message }, 'could not count a finished job');
    });
  }

  /** Keeps the last error and the failures of the last hour, for the admin page (a job failing on every run shows there). */
  private recordFailure(entry: QueueEntry, error: string): void {
    const k = entry.keyPrefix;
    const now = Date.now();
    this.options.client
      .multi()
      .hset(`${k}last-failure`, 'error', error.slice(0, 500), 'at', String(now))
      .zadd(`${k}failures`, now, `${now}:${Math.random().toString(36).slice(2, 8)}`)
      .zremrangebyscore(`${k}failures`, 0, now - HOUR_MS)
      .pexpire(`${k}failures`, HOUR_MS)
      .exec()
      .catch((err: Error) => entry.log.warn({ err: err.message }, 'could not record a failed job'));
  }

  /** Per open queue of a plugin that failed in the last hour: how often, and the last error. */
  async failures(): Promise<JobFailures[]> {
    const rows = await Promise.all(
      [...this.queues.values()].map(async (q) => {
        const [[, count], [, last]] = (await this.options.client
          .multi()
          .zcount(`${q.keyPrefix}failures`, Date.now() - HOUR_MS, '+inf')
          .hgetall(`${q.keyPrefix}last-failure`)
          .exec()) as [[unknown, number], [unknown, Record<string, string>]];
        if (!last?.at) return undefined;
        return { plugin: q.plugin, queue: q.name, failedLastHour: Number(count), lastError: last.error ?? '', lastFailedAt: new Date(Number(last.at)).toISOString() };
      }),
    );
    return rows.filter((r): r is JobFailures => !!r);
  }

  private async counts(entry: QueueEntry): Promise<QueueCounts> {
    const k = entry.keyPrefix;
    const pending = this.options.client
      .multi()
      .llen(`${k}waiting`)
      .llen(`${k}active`)
      .zcard(`${k}delayed`)
      .hmget(`${k}counts`, 'succeeded', 'failed')
      .exec();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${COUNTS_TIMEOUT_MS} ms`)), COUNTS_TIMEOUT_MS);
    });
    try {
      const reply = await Promise.race([pending, timeout]);
      if (!reply) throw new Error('the counts transaction was aborted');
      for (const [err] of reply) if (err) throw err;
      const [waiting, active, delayed, finished] = reply.map(([, value]) => value) as [number, number, number, Array<string | null>];
      return {
        waiting: Number(waiting),
        active: Number(active),
        succeeded: Number(finished[0] ?? 0),
        failed: Number(finished[1] ?? 0),
        delayed: Number(delayed),
      };
    } finally {
      clearTimeout(timer);
      pending.catch(() => {});
    }
  }

  private closeQueue(entry: QueueEntry): Promise<void> {
    if (this.queues.get(entry.key) === entry) this.queues.delete(entry.key);
    if (!entry.closed) {
      entry.stopping = true;
      entry.closing();
      for (const abort of entry.running) abort.abort(new JobStopping());
      entry.closed = entry.queue.close(this.graceMs + 2000).catch((err: unknown) => {
        entry.log.warn({ err: message(err) }, 'a job queue did not close cleanly; its unfinished jobs run again on another worker');
      });
    }
    return entry.closed;
  }
}

/**
 * Throws the error `define` (or, with an interval, `every`) would throw for these arguments, without
 * opening anything: lets the plugin host refuse a bad job while `register()` runs, before it commits.
 */
export function checkJobDefinition(pluginId: string, name: string, options: JobOptions = {}, interval?: Duration): void {
  if (!QUEUE_NAME.test(name)) throw new TypeError(`job queue name "${name}" must be letters, digits, "-" or "_" (at most 64)`);
  readSettings(`${pluginId}:${name}`, options);
  if (interval !== undefined && toMs(interval) < 1) throw new RangeError(`the interval of ${pluginId}:${name} must be at least 1 ms`);
}

function readSettings(key: string, options: JobOptions): Settings {
  const whole = (value: unknown, what: string) => {
    if (value === undefined) return 1;
    if (!Number.isInteger(value) || (value as number) < 1) throw new RangeError(`${what} of ${key} must be a whole number of at least 1`);
    return value as number;
  };
  const settings: Settings = {
    concurrency: whole(options.concurrency, 'concurrency'),
    attempts: whole(options.attempts, 'attempts'),
    timeoutMs: Math.min(MAX_TIMER_MS, Math.max(1, toMs(options.timeout ?? DEFAULT_TIMEOUT_MS))),
  };
  if (options.backoff) {
    const { strategy, delay } = options.backoff;
    if (strategy !== 'fixed' && strategy !== 'exponential') throw new TypeError(`backoff strategy of ${key} must be 'fixed' or 'exponential'`);
    settings.backoff = { strategy, delayMs: Math.max(1, Math.round(toMs(delay))) };
  }
  return settings;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
