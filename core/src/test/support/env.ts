import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Redis } from 'ioredis';
import { deleteByPrefix } from '../../redis.js';

/** The machine's PostgreSQL (trust auth) unless TEST_DATABASE_URL says otherwise. */
export const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A short random name part for databases, Redis prefixes and temp dirs. */
export function randomName(): string {
  return randomBytes(5).toString('hex');
}

/** A Redis key prefix of its own for one suite. */
export function testPrefix(): string {
  return `mnt${randomName()}:`;
}

/** A fresh, empty database for one suite; `drop()` removes it. */
export async function testDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `medianest_test_${randomName()}`;
  const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Deletes every Redis key under a prefix. */
export async function dropPrefix(redisUrl: string, prefix: string): Promise<void> {
  const r = new Redis(redisUrl);
  await deleteByPrefix(r, prefix);
  r.disconnect();
}
