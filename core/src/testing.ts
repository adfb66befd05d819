import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Redis } from 'ioredis';
import { deleteByPrefix } from './redis.js';
import type { User } from '@medianest/sdk';
import { startCore, type Core, type CoreOptions } from './core.js';
import type { PluginEntry } from './plugins/plugins-file.js';
import type { TestCoreOptions as SdkTestCoreOptions, TestCore as SdkTestCore, TestPluginEntry } from '@medianest/sdk/testing';
import { SESSION_COOKIE, SessionStore, sessionIdFromCookie } from './auth/sessions.js';
import { UserStore } from './auth/users.js';
import { CSRF_COOKIE, CSRF_HEADER, csrfFor } from './auth/csrf.js';

export type { TestPluginEntry, TestResponse } from '@medianest/sdk/testing';

/** The SDK harness's options, plus any core option for the core's own tests. */
export type TestCoreOptions = SdkTestCoreOptions & Omit<CoreOptions, 'pluginsFile' | 'databaseUrl' | 'redisPrefix' | 'dataDir'>;

/** The SDK harness's TestCore, plus the running core. */
export interface TestCore extends SdkTestCore {
  core: Core;
}

const DEFAULT_ADMIN_DB = 'postgres://postgres@127.0.0.1:5432/postgres';

function toFile(plugins: Record<string, TestPluginEntry>): string {
  const out: Record<string, PluginEntry> = {};
  for (const [id, entry] of Object.entries(plugins)) {
    out[id] = { enabled: true, ...entry, ...(entry.path ? { path: resolve(entry.path) } : {}) } as PluginEntry;
  }
  return JSON.stringify({ plugins: out }, null, 2);
}

/** A fresh, empty database on a PostgreSQL server (TEST_DATABASE_URL or the local one); `drop()` removes it. */
export async function createTestDatabase(adminDatabaseUrl?: string, suffix = randomBytes(5).toString('hex')): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = adminDatabaseUrl ?? process.env.TEST_DATABASE_URL ?? DEFAULT_ADMIN_DB;
  const name = `medianest_test_${suffix}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** Boots the real core (real PostgreSQL database of its own, real Redis under its own prefix) with the given plugins. */
export async function startTestCore(options: TestCoreOptions): Promise<TestCore> {
  const { plugins, adminDatabaseUrl, setUp, ...rest } = options;
  const suffix = randomBytes(5).toString('hex');
  const dir = await mkdtemp(join(tmpdir(), 'medianest-test-'));
  const pluginsFile = join(dir, 'plugins.json');
  await writeFile(pluginsFile, toFile(plugins));

  const db = await createTestDatabase(adminDatabaseUrl, suffix);
  const redisPrefix = `mnt${suffix}:`;
  const dropAll = async () => {
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  };

  let core: Core;
  try {
    core = await startCore({
      host: '127.0.0.1',
      port: 0,
      logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
      stallIntervalMs: 1000,
      statusCacheMs: 0,
      watchdogSeconds: 0, // a suite runs the portal in its own process: the watchdog is tested in a child process
      apiRateLimit: '100000/min',
      signInRateLimit: '1000/min',
      signInAddressLimit: '10000/min',
      ...rest,
      pluginsFile,
      databaseUrl: db.url,
      redisPrefix,
      dataDir: dir,
    });
  } catch (err) {
    await dropAll();
    throw err;
  }
  const sessions = new SessionStore(core.redis, redisPrefix);
  if (setUp) {
    const users = new UserStore(core.orm);
    if (!(await users.hasAdmin())) await users.create({ username: 'admin', displayName: 'Admin', role: 'admin', password: randomBytes(18).toString('base64url') });
  }
  // Like a browser that loaded the page: a CSRF cookie, echoed in a header on every request (the
  // session's own token when signed in, a random one before).
  const anonymousCsrf = randomBytes(24).toString('base64url');

  const t: TestCore = {
    url: core.url ?? '',
    core,
    pluginsFile,
    redisPrefix,
    async sessionCookie(role, user = {}) {
      const id = randomBytes(24).toString('base64url');
      const u: User = { id: user.id ?? `${role}-${randomBytes(3).toString('hex')}`, name: user.name ?? `Test ${role}`, role };
      await sessions.create(id, u);
      return `${SESSION_COOKIE}=${id}`;
    },
    async request(path, init = {}) {
      const { json, cookie, csrf: sendCsrf = true, ...rest } = init as typeof init & { csrf?: boolean };
      const headers = new Headers(rest.headers);
      const sessionId = sessionIdFromCookie(cookie);
      const csrf = sessionId ? csrfFor(sessionId) : anonymousCsrf;
      const cookies = [cookie, sendCsrf ? `${CSRF_COOKIE}=${csrf}` : undefined].filter(Boolean).join('; ');
      if (cookies) headers.set('cookie', cookies);
      if (sendCsrf && !headers.has(CSRF_HEADER)) headers.set(CSRF_HEADER, csrf);
      if (json !== undefined) headers.set('content-type', 'application/json');
      const res = await fetch(t.url + path, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body });
      const text = await res.text();
      let body: any = text;
      if ((res.headers.get('content-type') ?? '').includes('json')) {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      return { status: res.status, headers: res.headers, body, text };
    },
    async writePlugins(next) {
      const tmp = `${pluginsFile}.tmp`;
      await writeFile(tmp, typeof next === 'string' ? next : toFile(next));
      const { rename } = await import('node:fs/promises');
      await rename(tmp, pluginsFile);
    },
    async waitFor(check, timeoutMs = 5000, what = 'condition') {
      const until = Date.now() + timeoutMs;
      let last: unknown;
      while (Date.now() < until) {
        try {
          const v = await check();
          if (v) return v;
        } catch (err) {
          last = err;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    },
    async stop() {
      await core.stop();
      const r = new Redis(core.config.redisUrl);
      await deleteByPrefix(r, redisPrefix);
      r.disconnect();
      await dropAll();
    },
  };
  return t;
}
