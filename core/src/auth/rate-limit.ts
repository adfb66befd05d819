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

// Adds leases to their windows' counts (KEYS[i] gets ARGV[2i-1] counts, its window ARGV[2i] ms);
// the first count of a window starts its clock. Answers, for each key, the total counted and the
// milliseconds left in its window.
const LEASE = `
local out = {}
for i, key in ipairs(KEYS) do
  local want = tonumber(ARGV[2 * i - 1])
  local total = redis.call('INCRBY', key, want)
  local ttl = redis.call('PTTL', key)
  if total == want or ttl < 0 then
    redis.call('PEXPIRE', key, ARGV[2 * i])
    ttl = tonumber(ARGV[2 * i])
  end
  out[i] = {total, ttl}
end
return out`;
/** Leases sent in one call at the most. */
const LEASE_CHUNK = 200;

interface Waiting {
  key: string;
  count: number;
  windowMs: number;
  resolve: (answer: [number, number]) => void;
  reject: (err: unknown) => void;
}

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
 * the most it can admit less. Leases asked for in one turn of the event loop go to Redis together at
 * its end: when a minute's windows end, a busy portal's next requests need one each, a round trip
 * apiece before.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly leaseMany: (...args: Array<string | number>) => Promise<Array<[number, number]>>;
  private waiting: Waiting[] = [];
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly redis: Redis, private readonly prefix: string) {
    if (!(redis as any).mnLeases) redis.defineCommand('mnLeases', { lua: LEASE });
    this.leaseMany = (redis as any).mnLeases.bind(redis);
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

  /** Joins the leases asked for in this turn of the event loop: they are sent together at its end. */
  private lease(key: string, count: number, windowMs: number): Promise<[number, number]> {
    return new Promise((resolve, reject) => {
      if (this.waiting.push({ key, count, windowMs, resolve, reject }) === 1) setImmediate(() => this.sendWaiting());
    });
  }

  private sendWaiting(): void {
    const all = this.waiting;
    this.waiting = [];
    for (let from = 0; from < all.length; from += LEASE_CHUNK) {
      const batch = all.slice(from, from + LEASE_CHUNK);
      const args = batch.flatMap((w) => [w.count, w.windowMs]);
      this.leaseMany(batch.length, ...batch.map((w) => w.key), ...args).then(
        (answers) => batch.forEach((w, i) => w.resolve(answers[i]!)),
        (err) => batch.forEach((w) => w.reject(err)),
      );
    }
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
