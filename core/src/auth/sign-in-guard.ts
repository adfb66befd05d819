import type { Redis } from 'ioredis';
import { HttpProblem } from '../http/problem.js';
import type { Limit } from './rate-limit.js';
import type { AuditLog } from './audit-log.js';

/**
 * Wrong passwords are counted per (account, address) tightly and per address loosely: a household
 * behind one NAT address is not locked out by one person's typos, and someone guessing an account
 * from elsewhere never locks its owner out (the owner's own address has its own count). Only
 * failures count; a right password clears its pair. While locked, attempts are refused without
 * checking the password, and refusals are audited as one row per lock with a count.
 */
export class SignInGuard {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly audit: AuditLog,
    private readonly limits: { pair: Limit; address: Limit },
  ) {}

  private pairKey = (username: string, ip: string) => `${this.prefix}signin:pair:${username.toLowerCase()}:${ip}`;
  private addressKey = (ip: string) => `${this.prefix}signin:address:${ip}`;

  /** Throws a 429 (with Retry-After and `details.retryAfterSeconds`) while the pair or the address is locked. */
  async check(username: string, ip: string): Promise<void> {
    const pair = this.pairKey(username, ip);
    const address = this.addressKey(ip);
    const [[, pairCount], [, pairTtl], [, addressCount], [, addressTtl]] = (await this.redis.multi().get(pair).pttl(pair).get(address).pttl(address).exec()) as Array<[null, any]>;
    const pairLocked = Number(pairCount ?? 0) >= this.limits.pair.limit;
    const addressLocked = Number(addressCount ?? 0) >= this.limits.address.limit;
    if (!pairLocked && !addressLocked) return;
    const ttl = Math.max(pairLocked ? Number(pairTtl) : 0, addressLocked ? Number(addressTtl) : 0);
    const retryAfterSeconds = Math.max(1, Math.ceil(ttl / 1000));
    await this.refused(username, ip, pairLocked ? 'account-and-address' : 'address', retryAfterSeconds);
    const what = pairLocked ? 'Too many wrong passwords for this account from here' : 'Too many wrong passwords from this network';
    throw new HttpProblem(429, `${what}: try again in ${wait(retryAfterSeconds)}`, { retryAfterSeconds }, { 'Retry-After': String(retryAfterSeconds) });
  }

  /** Counts a wrong password against the pair and the address. */
  async failed(username: string, ip: string): Promise<void> {
    const tx = this.redis.multi();
    for (const [key, limit] of [[this.pairKey(username, ip), this.limits.pair], [this.addressKey(ip), this.limits.address]] as const) {
      tx.incr(key).pexpire(key, limit.windowMs, 'NX');
    }
    await tx.exec();
  }

  /** A right password clears its pair (the address count stays: other accounts behind it may be guessed). */
  async succeeded(username: string, ip: string): Promise<void> {
    await this.redis.del(this.pairKey(username, ip), `${this.prefix}signin:refused:${username.toLowerCase()}:${ip}`);
  }

  /** One audit row per lock: the first refusal writes it, later ones raise its count. */
  private async refused(username: string, ip: string, lock: string, retryAfterSeconds: number): Promise<void> {
    const key = `${this.prefix}signin:refused:${username.toLowerCase()}:${ip}`;
    const [[, count]] = (await this.redis.multi().incr(key).pexpire(key, retryAfterSeconds * 1000).exec()) as Array<[null, number]>;
    const detail = { refused: count, lock, until: new Date(Date.now() + retryAfterSeconds * 1000).toISOString() };
    if (count === 1) {
      const id = await this.audit.write({ action: 'signin-refused', actorName: username.slice(0, 64), ip, detail });
      if (id) await this.redis.set(`${key}:row`, id, 'PX', retryAfterSeconds * 1000 + 60_000);
      return;
    }
    const row = await this.redis.get(`${key}:row`);
    if (row) await this.audit.update(row, detail);
  }
}

/** 125 → "2:05"; 30 → "30 seconds". */
function wait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')} minutes`;
}
