import { randomInt } from 'node:crypto';
import type { Redis } from 'ioredis';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I
const TTL_SECONDS = 24 * 60 * 60;

/** The one-time code that claims a fresh portal: lives in Redis for 24 h, dies on use. */
export class SetupCode {
  constructor(private readonly redis: Redis, private readonly prefix: string) {}

  private get key(): string {
    return `${this.prefix}setup:code`;
  }

  /** A new code (replacing any earlier one), e.g. `K7QM-2XHP-R9TD`. */
  async issue(): Promise<string> {
    const raw = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    const code = `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
    await this.redis.set(this.key, code, 'EX', TTL_SECONDS);
    return code;
  }

  /** The live code, if any (for `medianest doctor`). */
  current(): Promise<string | null> {
    return this.redis.get(this.key);
  }

  /** Uses the code up if it matches: true once, never again. */
  async consume(code: string): Promise<boolean> {
    const normalised = code.trim().toUpperCase().replace(/\s+/g, '');
    const stored = await this.redis.get(this.key);
    if (!stored || stored !== normalised) return false;
    // Delete only if it is still this code: two racing requests cannot both claim it.
    const deleted = await this.redis.eval(
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end",
      1,
      this.key,
      normalised,
    );
    return deleted === 1;
  }
}
