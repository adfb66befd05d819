import { createRequire } from 'node:module';
import BeeQueue from 'bee-queue';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import {
  toMs, type AddJobOptions, type Audience, type Duration, type JobHandler, type JobOptions, type JobQueue, type QueueCounts,
} from '@medianest/sdk';
import type { RedisOptions } from '../redis.js';
import { ROOM_ADMINS, ROOM_ALL, userRoom, type Emit } from '../realtime/rooms.js';
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
}

/** What a job carries in Redis besides the plugin's data. */
interface Envelope {
  data: unknown;
  notify: Audience;
  attempts: number;
}

interface QueueEntry {
  plugin: string;
  name: string;
  queue: BeeQueue<Envelope>;
  /** Abort controllers of the jobs this process runs now. */
  running: Set<AbortController>;
}

const DEFAULT_TIMEOUT_MS = 10 * 60_000;
const lua = createRequire(import.meta.url)('bee-queue/lib/lua') as { buildCache(client: unknown): Promise<unknown> };

/** bee-queue queues per plugin (`<plugin>:<name>`), their workers, and the cluster-wide scheduler of repeating jobs. */
export class JobSystem {
  private readonly queues = new Map<string, QueueEntry>();
  private readonly scheduler: Scheduler;
  private closed = false;

  constructor(private readonly options: JobSystemOptions) {
    this.scheduler = new Scheduler(options.client, options.prefix, options.log);
  }

  define<D, R>(pluginId: string, name: string, handler: JobHandler<D, R>, options: JobOptions, log: Logger): JobQueue<D> {
    const entry = this.open(pluginId, name, log);
    const attempts = Math.max(1, options.attempts ?? 1);
    const timeoutMs = toMs(options.timeout ?? DEFAULT_TIMEOUT_MS);
    const backoff = options.backoff;
    if (this.options.processJobs) this.process(entry, handler as JobHandler, Math.max(1, options.concurrency ?? 1), timeoutMs, log);

    return {
      add: async (data: D, add: AddJobOptions = {}) => {
        const job = entry.queue.createJob({ data, notify: add.notify ?? 'admins', attempts });
        if (add.jobId) job.setId(add.jobId);
        if (attempts > 1) job.retries(attempts - 1);
        if (backoff) job.backoff(backoff.strategy, toMs(backoff.delay));
        if (add.delay !== undefined) job.delayUntil(Date.now() + toMs(add.delay));
        const saved = await job.save();
        return { id: String(saved.id) };
      },
      counts: () => this.counts(entry),
    };
  }

  every(pluginId: string, name: string, interval: Duration, handler: JobHandler<Record<string, never>, unknown>, options: JobOptions, log: Logger): void {
    const ms = toMs(interval);
    const queue = this.define(pluginId, name, handler, { timeout: Math.max(ms * 5, 30_000), ...options }, log);
    if (!this.options.processJobs) return;
    this.scheduler.add(`${pluginId}:${name}`, ms, (slot) => queue.add({} as Record<string, never>, { jobId: `slot-${slot}` }).then(() => {}));
  }

  async stopPlugin(pluginId: string): Promise<void> {
    this.scheduler.removeWhere((key) => key.startsWith(`${pluginId}:`));
    const mine = [...this.queues.values()].filter((q) => q.plugin === pluginId);
    await Promise.all(mine.map((q) => this.closeQueue(q)));
  }

  async depths(): Promise<Array<{ plugin: string; queue: string; counts: QueueCounts }>> {
    return Promise.all([...this.queues.values()].map(async (q) => ({ plugin: q.plugin, queue: q.name, counts: await this.counts(q) })));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.scheduler.stop();
    await Promise.all([...this.queues.values()].map((q) => this.closeQueue(q)));
  }

  private open(pluginId: string, name: string, log: Logger): QueueEntry {
    const key = `${pluginId}:${name}`;
    if (this.closed) throw new Error('the job system is closed');
    if (this.queues.has(key)) throw new Error(`queue ${key} is open already`);
    const { processJobs, stallIntervalMs, redis, prefix } = this.options;
    const queue = new BeeQueue<Envelope>(key, {
      prefix: prefix.replace(/:$/, '') || 'mn',
      redis: { host: redis.host, port: redis.port, db: redis.db, password: redis.password, ...(redis.username ? { user: redis.username } : {}) } as any,
      isWorker: processJobs,
      getEvents: false,
      sendEvents: false,
      storeJobs: false,
      activateDelayedJobs: processJobs,
      removeOnSuccess: true,
      removeOnFailure: false,
      stallInterval: stallIntervalMs,
    });
    // Redis going away is logged, never thrown: bee-queue reconnects and resumes.
    let lastError = 0;
    queue.on('error', (err) => {
      if (Date.now() - lastError > 5000) log.warn({ queue: key, err: err.message }, 'job queue lost Redis; retrying');
      lastError = Date.now();
    });
    const entry: QueueEntry = { plugin: pluginId, name, queue, running: new Set() };
    this.queues.set(key, entry);
    queue.on('stalled', (jobId: string) => {
      log.warn({ queue: key, jobId }, 'a job whose worker stopped is queued again');
      this.options.onOutcome?.(pluginId, name, 'stalled', 0);
    });
    // Lua scripts live in Redis's memory: after Redis restarts, load them again or every EVALSHA fails.
    void queue.ready().then(
      () => (queue as any).client.on('ready', () => void lua.buildCache((queue as any).client).catch(() => {})),
      () => {},
    );
    if (processJobs) {
      // No callback: with one, bee-queue leaves a rejected promise unhandled when Redis is down.
      queue.checkStalledJobs(stallIntervalMs).catch(() => {});
    }
    return entry;
  }

  private process(entry: QueueEntry, handler: JobHandler, concurrency: number, timeoutMs: number, log: Logger): void {
    const { plugin, name } = entry;
    const rooms = (notify: Audience) => (notify === 'all' ? ROOM_ALL : notify === 'admins' ? ROOM_ADMINS : userRoom(notify.user));
    const event = (what: string) => `${plugin}.${name}.${what}`;

    entry.queue.process(concurrency, async (job) => {
      const { data, notify, attempts } = job.data;
      const left = Number(job.options.retries ?? 0);
      const attempt = attempts - left;
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
      entry.running.add(abort);
      const jobLog = log.child({ queue: `${plugin}:${name}`, jobId: job.id, attempt });
      const started = performance.now();
      const room = rooms(notify);
      try {
        const result = await Promise.race([
          Promise.resolve().then(() =>
            handler({
              id: String(job.id),
              data,
              attempt,
              signal: abort.signal,
              log: jobLog as any,
              progress: (value) => this.options.emit(room, event('progress'), { jobId: String(job.id), progress: value }),
            }),
          ),
          new Promise((_, reject) => abort.signal.addEventListener('abort', () => reject(abort.signal.reason), { once: true })),
        ]);
        this.options.onOutcome?.(plugin, name, 'succeeded', performance.now() - started);
        this.options.emit(room, event('succeeded'), { jobId: String(job.id), result: result ?? null });
        return result;
      } catch (err) {
        const message = (err as Error)?.message ?? String(err);
        if (left > 0) {
          jobLog.warn({ err: message }, 'job failed; it will be retried');
          this.options.onOutcome?.(plugin, name, 'retried', performance.now() - started);
        } else {
          jobLog.error({ err: message }, 'job failed');
          this.options.onOutcome?.(plugin, name, 'failed', performance.now() - started);
          this.options.emit(room, event('failed'), { jobId: String(job.id), error: message });
        }
        throw err;
      } finally {
        clearTimeout(timer);
        entry.running.delete(abort);
      }
    });
  }

  private async counts(entry: QueueEntry): Promise<QueueCounts> {
    const { waiting, active, succeeded, failed, delayed } = await entry.queue.checkHealth();
    return { waiting, active, succeeded, failed, delayed };
  }

  private async closeQueue(entry: QueueEntry): Promise<void> {
    this.queues.delete(`${entry.plugin}:${entry.name}`);
    for (const abort of entry.running) abort.abort(new Error('the plugin or process is stopping'));
    try {
      await entry.queue.close(5000);
    } catch (err) {
      this.options.log.warn({ queue: `${entry.plugin}:${entry.name}`, err: (err as Error).message }, 'closing a job queue failed');
    }
  }
}
