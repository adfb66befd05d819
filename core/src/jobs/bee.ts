import { createRequire } from 'node:module';
import type { EventEmitter } from 'node:events';
import BeeQueue from 'bee-queue';
import type { Logger } from 'pino';
import type { RedisOptions } from '../redis.js';

/*
 * One bee-queue Queue, hardened for Redis outages. bee-queue 2.0.0 (pinned) with its own `redis` v3
 * client leaves four holes this module closes:
 *  - Without a `retry_strategy` the v3 client emits 'error' on every failed reconnect and gives up
 *    for good after `connect_timeout` (1 h); a queue created while Redis is down never gets ready.
 *    Here it retries forever (backing off to 3 s), quietly, until the queue is closed.
 *  - Lua scripts live in Redis's memory: after a restart every EVALSHA fails with NOSCRIPT. Here a
 *    NOSCRIPT falls back to EVAL with the script text (which also caches it again).
 *  - A failed stalled-job check (e.g. Redis away at that moment) rejects `process()`'s start-up
 *    chain and the worker would never take a job. Here the check logs and reports 0 instead.
 *  - Delayed jobs (delay, retry backoff) are raised by a timer that stops when a raise fails.
 *    Here they are raised again on every reconnect, and at least once a minute anyway.
 * The private members used are listed in `Internals`; they are checked at start so an upgrade
 * that drops one fails loudly instead of quietly.
 */

const require = createRequire(import.meta.url);
const lua = require('bee-queue/lib/lua') as { scripts: Record<string, string> };

type Callback = (err: Error | null, reply?: unknown) => void;

interface RedisV3Client extends EventEmitter {
  eval(...args: unknown[]): boolean;
}

/** The bee-queue 2.0.0 internals leaned on here. */
interface Internals {
  client: RedisV3Client | null;
  settings: { activateDelayedJobs: boolean };
  _evalScriptOn(commandable: unknown, args: unknown[]): Promise<unknown>;
  _doStalledJobCheck(): Promise<number>;
  _activateDelayed(): void;
}

export interface BeeQueueOptions {
  /** The queue's name, `<plugin>:<name>`. */
  name: string;
  /** bee-queue key prefix, without the trailing colon. */
  prefix: string;
  redis: RedisOptions;
  /** Takes jobs (and raises delayed ones); otherwise it only adds them. */
  worker: boolean;
  stallIntervalMs: number;
  /** The queue's logger, bound to its plugin and queue already. */
  log: Logger;
}

export interface OpenedQueue<T> {
  queue: BeeQueue<T>;
  /** Where the queue's keys live: `<prefix>:<name>:`. */
  keyPrefix: string;
  /** Makes the job's next failure put it back on the waiting list at once, without using up a try. */
  requeueOnFailure(job: BeeQueue.Job<T>): void;
  /** Whether the job was put back by `requeueOnFailure`. */
  wasRequeued(job: BeeQueue.Job<T>): boolean;
  /** Stops reconnecting; call before `queue.close()`. */
  closing(): void;
}

const MAX_RECONNECT_DELAY_MS = 3000;
const LOG_EVERY_MS = 10_000;

export function openBeeQueue<T>(options: BeeQueueOptions): OpenedQueue<T> {
  const { name, prefix, redis, worker, stallIntervalMs, log } = options;
  let closed = false;
  let suppressed = 0;
  let lastLogged = 0;
  let outage = false;

  /** Logs Redis trouble: the first sign of an outage at once, then at most once per LOG_EVERY_MS. */
  const complain = (message: string, err: unknown, lostRedis = false) => {
    suppressed++;
    const fresh = lostRedis && !outage;
    if (lostRedis) outage = true;
    if (!fresh && Date.now() - lastLogged < LOG_EVERY_MS) return;
    log.warn({ err: (err as Error)?.message ?? String(err), repeated: suppressed }, message);
    lastLogged = Date.now();
    suppressed = 0;
  };

  const queue = new BeeQueue<T>(name, {
    prefix,
    redis: {
      host: redis.host,
      port: redis.port,
      db: redis.db,
      ...(redis.password ? { password: redis.password } : {}),
      ...(redis.username ? { user: redis.username } : {}),
      // The total retry time is bounded by connect_timeout even with a retry_strategy: make it ~24 days.
      connect_timeout: 2 ** 31 - 1,
      retry_strategy: ({ attempt, error }: { attempt: number; error?: Error }) => {
        if (closed) return new Error('the job queue is closed');
        complain('job queue cannot reach Redis; retrying', error ?? 'connection lost', true);
        return Math.min(100 * attempt, MAX_RECONNECT_DELAY_MS);
      },
    } as never,
    isWorker: worker,
    getEvents: false,
    sendEvents: false,
    storeJobs: false,
    activateDelayedJobs: worker,
    // Finished jobs leave Redis, so a jobId can be used again once its job is done; the job system
    // keeps succeeded/failed counters of its own.
    removeOnSuccess: true,
    removeOnFailure: true,
    stallInterval: stallIntervalMs,
    // The longest a delayed job waits past its time if a raise was missed.
    nearTermWindow: 60_000,
    // After a failed wait for jobs (Redis went away mid-command), the first retry comes after this
    // (then doubling); the retried command waits in the client's offline queue until Redis is back.
    initialRedisFailureRetryDelay: 200,
  } as BeeQueue.QueueSettings);
  const internals = queue as unknown as Internals;
  for (const member of ['_evalScriptOn', '_doStalledJobCheck', '_activateDelayed'] as const) {
    if (typeof internals[member] !== 'function') throw new Error(`bee-queue changed: Queue#${member} is missing; re-check core/src/jobs/bee.ts`);
  }

  // bee-queue reports Redis trouble as 'error' events: log them, never let them throw.
  queue.on('error', (err) => complain('job queue error', err));

  const evalScriptOn = internals._evalScriptOn.bind(queue);
  internals._evalScriptOn = (commandable, args) => {
    const [script, ...rest] = args as [string, ...unknown[]];
    return evalScriptOn(commandable, args).catch((err: Error) => {
      const text = lua.scripts[script];
      if (!/NOSCRIPT/.test(err?.message ?? '') || !text || commandable !== internals.client) throw err;
      return new Promise((resolve, reject) => {
        internals.client!.eval(text, ...rest, ((e, reply) => (e ? reject(e) : resolve(reply))) as Callback);
      });
    });
  };

  const stalledJobCheck = internals._doStalledJobCheck.bind(queue);
  internals._doStalledJobCheck = () =>
    stalledJobCheck().catch((err: unknown) => {
      if (!closed) complain('stalled-job check failed; it runs again soon', err);
      return 0;
    });

  void queue.ready().then(
    () => {
      internals.client?.on('ready', () => {
        if (outage) log.info('job queue reconnected to Redis');
        outage = false;
        if (worker && !closed && internals.settings.activateDelayedJobs) internals._activateDelayed();
      });
    },
    () => {}, // closed before Redis was ever reached
  );

  if (worker) {
    // bee-queue recommends checking at half the stall interval; a lock in Redis keeps it to one check
    // per interval across all workers. A dead worker's job runs again within about two intervals.
    void queue.checkStalledJobs(Math.max(50, Math.floor(stallIntervalMs / 2))).catch(() => {});
  }

  const requeue = new WeakSet<BeeQueue.Job<T>>();
  for (const [strategy, delay] of [...queue.backoffStrategies]) {
    queue.backoffStrategies.set(strategy, (job) => (requeue.has(job) ? 0 : delay(job)));
  }

  return {
    queue,
    keyPrefix: `${prefix}:${name}:`,
    requeueOnFailure(job) {
      job.options.retries = Number(job.options.retries ?? 0) + 1;
      requeue.add(job);
    },
    wasRequeued: (job) => requeue.has(job),
    closing() {
      closed = true;
    },
  };
}
