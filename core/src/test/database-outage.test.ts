import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCore, type Core } from '../core.js';
import { dropPrefix, testPrefix, TEST_REDIS_URL } from './support/env.js';

// When the embedded PostgreSQL dies, the core starts it again; meanwhile every database-backed
// request answers 503 with Retry-After and plain words (never 500), and /api/health/ready says why.
const test = suite<{ dir: string; prefix: string; core: Core }>('the embedded PostgreSQL killed under load');

test.before(async (ctx) => {
  ctx.dir = await mkdtemp(join(tmpdir(), 'medianest-db-outage-'));
  await chmod(ctx.dir, 0o755); // as root, PostgreSQL runs as the OS user postgres, which must enter it
  ctx.prefix = testPrefix();
  await writeFile(join(ctx.dir, 'plugins.json'), JSON.stringify({ plugins: {} }));
  const saved = process.env.DATABASE_URL;
  delete process.env.DATABASE_URL;
  try {
    ctx.core = await startCore({ host: '127.0.0.1', port: 0, dataDir: join(ctx.dir, 'data'), pluginsFile: join(ctx.dir, 'plugins.json'), redisUrl: TEST_REDIS_URL, redisPrefix: ctx.prefix, logLevel: 'silent' });
  } finally {
    if (saved !== undefined) process.env.DATABASE_URL = saved;
  }
});
test.after(async (ctx) => {
  await ctx.core?.stop();
  await dropPrefix(TEST_REDIS_URL, ctx.prefix);
  await rm(ctx.dir, { recursive: true, force: true });
});

async function postmasterPid(dir: string): Promise<number> {
  return Number((await readFile(join(dir, 'data', 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
}

test('503 with Retry-After while it restarts, then 200 again; never a 500', async ({ core, dir }) => {
  const url = `${core.url}/api/setup`; // reads the users table on every call
  assert.is((await fetch(url)).status, 200);
  const statuses = new Map<number, number>();
  let unavailable: { body: any; retryAfter: string | null } | undefined;
  let readyWhileDown: any;
  let stop = false;
  const load = (async () => {
    while (!stop) {
      const res = await fetch(url);
      const body = await res.json();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status === 503 && !unavailable) {
        unavailable = { body, retryAfter: res.headers.get('retry-after') };
        const ready = await fetch(`${core.url}/api/health/ready`);
        readyWhileDown = { status: ready.status, body: await ready.json() };
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  })();

  const before = await postmasterPid(dir);
  process.kill(before, 'SIGKILL');
  const until = Date.now() + 30_000;
  let recovered = false;
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    if (unavailable && (await fetch(url)).status === 200) {
      recovered = true;
      break;
    }
  }
  await new Promise((r) => setTimeout(r, 300)); // a little steady load after recovery too
  stop = true;
  await load;

  assert.ok(unavailable, `some requests saw the database away (statuses: ${JSON.stringify([...statuses])})`);
  assert.ok(recovered, 'requests succeed again without restarting MediaNest');
  assert.is(statuses.get(500) ?? 0, 0, `no 500s (statuses: ${JSON.stringify([...statuses])})`);
  assert.equal([...statuses.keys()].sort(), [200, 503]);
  assert.is(unavailable!.body.error, 'MediaNest cannot reach its database at the moment; try again in a few seconds');
  assert.is(unavailable!.retryAfter, '5');
  assert.is(readyWhileDown.status, 503);
  const db = readyWhileDown.body.checks.find((c: any) => c.name === 'database');
  assert.is(db.status, 'down');
  assert.match(db.detail, /embedded PostgreSQL|cannot reach the database/);

  const after = await postmasterPid(dir);
  assert.is.not(after, before, 'a new PostgreSQL process runs');
  const ready = await fetch(`${core.url}/api/health/ready`);
  assert.is(ready.status, 200);
  assert.is((await fetch(`${core.url}/api/health`)).status, 200);
});

test('it stops cleanly after a restart (no PostgreSQL left behind)', async (ctx) => {
  const pid = await postmasterPid(ctx.dir);
  await ctx.core.stop();
  let alive = true;
  try {
    process.kill(pid, 0);
  } catch {
    alive = false;
  }
  assert.not.ok(alive, 'the restarted PostgreSQL stopped with the core');
  ctx.core = undefined as unknown as Core;
});

test.run();
