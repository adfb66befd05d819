// CONTRACT (implemented by the jobs work): see the doc comments; the plugin host calls exactly this.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Duration, JobHandler, JobOptions, JobQueue, QueueCounts } from '@medianest/sdk';
import type { RedisOptions } from '../redis.js';
import type { Emit } from '../realtime/rooms.js';

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

export declare class JobSystemShape {
  constructor(options: JobSystemOptions);
  define<D, R>(pluginId: string, name: string, handler: JobHandler<D, R>, options: JobOptions, log: Logger): JobQueue<D>;
  every(pluginId: string, name: string, interval: Duration, handler: JobHandler<Record<string, never>, unknown>, options: JobOptions, log: Logger): void;
  stopPlugin(pluginId: string): Promise<void>;
  depths(): Promise<Array<{ plugin: string; queue: string; counts: QueueCounts }>>;
  close(): Promise<void>;
}
