import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { deleteByPrefix } from '../../redis.js';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A short random name part for databases, Redis prefixes and temp dirs. */
export function randomName(): string {
  return randomBytes(5).toString('hex');
}

/** A Redis key prefix of its own for one suite. */
export function testPrefix(): string {
  return `mnt${randomName()}:`;
}

/** Deletes every Redis key under a prefix. */
export async function dropPrefix(redisUrl: string, prefix: string): Promise<void> {
  const r = new Redis(redisUrl);
  await deleteByPrefix(r, prefix);
  r.disconnect();
}

export { createTestDatabase as testDatabase } from '../../testing.js';
