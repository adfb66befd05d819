import type { Redis } from 'ioredis';
import { HttpProblem } from '../http/problem.js';

/** A limit: `limit` requests per `windowMs`. */
export interface Limit {
  limit: number;
  windowMs: number;
}

/** Reads "100/min", "5/minute", "5/hour", "10/30s" into a Limit. */
export function parseLimit(text: string): Limit {
  const m = /^\s*(\d+)\s*\/\s*(\d*)\s*(s|sec|second|m|min|minute|h|hour|d|day)\s*$/.exec(text);
  if (!m) throw new Error(`Invalid rate limit "${text}": use e.g. "100/min", "5/hour"`);
  const unit = { s: 1000, sec: 1000, second: 1000, m: 60_000, min: 60_000, minute: 60_000, h: 3_600_000, hour: 3_600_000, d: 86_400_000, day: 86_400_000 }[m[3] as 's'];
  return { limit: Number(m[1]), windowMs: (Number(m[2]) || 1) * unit };
}

/** Fixed-window counters in Redis, shared by every process. */
export class RateLimiter {
  constructor(private readonly redis: Redis, private readonly prefix: string) {}

  /** Counts one hit on `key`; throws a 429 with Retry-After once the limit is passed. */
  async hit(key: string, { limit, windowMs }: Limit, what: string): Promise<void> {
    const k = `${this.prefix}rate:${key}`;
    const [[, count], [, ttl]] = (await this.redis.multi().incr(k).pttl(k).exec()) as [[null, number], [null, number]];
    if (count === 1 || ttl < 0) await this.redis.pexpire(k, windowMs);
    if (count > limit) {
      const retry = Math.max(1, Math.ceil((ttl > 0 ? ttl : windowMs) / 1000));
      throw new HttpProblem(429, `Too many ${what}: try again in ${retry} s`, undefined, { 'Retry-After': String(retry) });
    }
  }

  /** Forgets the counter (e.g. after a successful sign-in). */
  async reset(key: string): Promise<void> {
    await this.redis.del(`${this.prefix}rate:${key}`);
  }
}
