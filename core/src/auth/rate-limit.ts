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

/** Counts leased at once: a share of what is left in the window, never more than this or a thousandth of the limit. */
const MAX_LEASE = 50;
const MAX_LEASE_SHARE = 1000;
/** The share: what is left divided by this (room for several processes leasing at the same time). */
const LEASE_DIVISOR = 16;

// Adds a lease to the window's count; the first count of a window starts its clock. Answers the
// total counted and the milliseconds left in the window.
const LEASE = `
local total = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if total == tonumber(ARGV[1]) or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {total, ttl}`;

interface Bucket {
  /** Counts this process holds and may admit without asking Redis. */
  tokens: number;
  /** Redis has no more for this window. */
  exhausted: boolean;
  /** What was left in Redis at the last lease, to size the next one. */
  left: number;
  /** When the window ends (Date.now() time), as Redis said at the last lease. */
  endsAt: number;
  leasing?: Promise<void>;
}

/**
 * Fixed-window counters in Redis, shared by every process (a window starts with its first count),
 * counted in leases (see the design note in sessions.ts): a process takes up to 1/16 of what is
 * left in the window (at most 50, or a thousandth of a limit above 50,000) and admits that many
 * without a round trip; near the limit it takes one at a time. Redis never grants past the limit,
 * so no mix of processes admits more; what a process leased and did not use by the window's end is
 * the most it can admit less.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly lease: (key: string, count: number, windowMs: number) => Promise<[number, number]>;
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly redis: Redis, private readonly prefix: string) {
    if (!(redis as any).mnLease) redis.defineCommand('mnLease', { numberOfKeys: 1, lua: LEASE });
    this.lease = (redis as any).mnLease.bind(redis);
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  /** Counts one hit on `key`; throws a 429 with Retry-After once the limit is passed. Resolves at once when a leased count is at hand. */
  hit(key: string, limit: Limit, what: string): Promise<void> | void {
    let bucket = this.buckets.get(key);
    if (!bucket || (bucket.endsAt <= Date.now() && !bucket.leasing)) {
      bucket = { tokens: 0, exhausted: false, left: limit.limit, endsAt: Infinity };
      this.buckets.set(key, bucket);
    }
    if (bucket.tokens > 0) {
      bucket.tokens--;
      return;
    }
    if (bucket.exhausted) throw this.tooMany(bucket, what);
    return this.refill(key, bucket, limit).then(() => this.hit(key, limit, what));
  }

  private refill(key: string, bucket: Bucket, { limit, windowMs }: Limit): Promise<void> {
    bucket.leasing ??= (async () => {
      try {
        const most = Math.max(MAX_LEASE, Math.floor(limit / MAX_LEASE_SHARE));
        const want = Math.max(1, Math.min(most, Math.floor(bucket.left / LEASE_DIVISOR)));
        const [total, ttl] = await this.lease(`${this.prefix}rate:${key}`, want, windowMs);
        const granted = Math.max(0, Math.min(want, limit - (total - want)));
        bucket.tokens += granted;
        bucket.left = Math.max(0, limit - total);
        bucket.endsAt = Date.now() + Number(ttl);
        if (granted < want || bucket.left === 0) bucket.exhausted = true;
      } finally {
        bucket.leasing = undefined;
      }
    })();
    return bucket.leasing;
  }

  private tooMany(bucket: Bucket, what: string): HttpProblem {
    const retry = Math.max(1, Math.ceil((bucket.endsAt - Date.now()) / 1000));
    return new HttpProblem(429, `Too many ${what}: try again in ${retry} s`, undefined, { 'Retry-After': String(retry) });
  }

  /** Forgets the count (e.g. after a successful sign-in). */
  async reset(key: string, _limit?: Limit): Promise<void> {
    this.buckets.delete(key);
    await this.redis.del(`${this.prefix}rate:${key}`);
  }

  /** Drops the buckets of windows that ended. */
  private sweep(): void {
    const now = Date.now();
    for (const [key, bucket] of this.buckets) if (bucket.endsAt <= now && !bucket.leasing) this.buckets.delete(key);
  }

  close(): void {
    clearInterval(this.sweeper);
  }
}
