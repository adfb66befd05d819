import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { access, chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startCore, type Core } from '../core.js';
import { dropPrefix, testPrefix, TEST_REDIS_URL } from './support/env.js';
import { fixturePlugin } from './support/fixtures.js';

const test = suite<{ dir: string; prefix: string }>('embedded PostgreSQL');

test.before(async (ctx) => {
  ctx.dir = await mkdtemp(join(tmpdir(), 'medianest-embedded-'));
  await chmod(ctx.dir, 0o755); // as root, PostgreSQL runs as the OS user postgres, which must enter it
  ctx.prefix = testPrefix();
  await writeFile(join(ctx.dir, 'plugins.json'), JSON.stringify({ plugins: { hello: { enabled: true, path: fixturePlugin('hello') } } }));
});
test.after(async (ctx) => {
  await dropPrefix(TEST_REDIS_URL, ctx.prefix);
  await rm(ctx.dir, { recursive: true, force: true });
});

async function boot(dir: string, prefix: string): Promise<Core> {
  const saved = process.env.DATABASE_URL;
  delete process.env.DATABASE_URL;
  try {
    return await startCore({ host: '127.0.0.1', port: 0, dataDir: join(dir, 'data'), pluginsFile: join(dir, 'plugins.json'), redisUrl: TEST_REDIS_URL, redisPrefix: prefix, logLevel: 'silent' });
  } finally {
    if (saved !== undefined) process.env.DATABASE_URL = saved;
  }
}

test('without DATABASE_URL the core starts a real PostgreSQL in the data directory and migrates it', async ({ dir, prefix }) => {
  const core = await boot(dir, prefix);
  try {
    await access(join(dir, 'data', 'postgres', 'PG_VERSION'));
    const [{ version }] = await core.orm.em.getConnection().execute('select version()');
    assert.match(version, /PostgreSQL/);
    const migrations = await core.orm.em.getConnection().execute('select name from core_migrations');
    assert.ok(migrations.some((m: any) => m.name === 'core_0001_plugin_events'));
    await core.orm.em.getConnection().execute(`create table kept (note text)`);
    await core.orm.em.getConnection().execute(`insert into kept values ('still here')`);
    const res = await fetch(`${core.url}/api/health/ready`);
    assert.is(res.status, 200);
  } finally {
    await core.stop();
  }
});

test('data survives a restart of the core and its embedded database', async ({ dir, prefix }) => {
  const core = await boot(dir, prefix);
  try {
    const rows = await core.orm.em.getConnection().execute('select note from kept');
    assert.equal(rows, [{ note: 'still here' }]);
    const events = await core.orm.em.getConnection().execute(`select count(*)::int as n from core_plugin_events where plugin_id = 'hello'`);
    assert.ok(events[0].n >= 2, 'plugin events of both runs are kept');
  } finally {
    await core.stop();
  }
});

function startCli(dir: string, prefix: string) {
  const cli = fileURLToPath(new URL('../cli/main.js', import.meta.url));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: join(dir, 'data'), PLUGINS_FILE: join(dir, 'plugins.json'), REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix, LOG_LEVEL: 'info' };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [cli, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  const ready = (async () => {
    // initdb alone can take 15 s on a loaded two-core machine; one that never gets ready is ended.
    const until = Date.now() + 60_000;
    while (!out.includes('MediaNest is ready') && Date.now() < until && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
    if (!out.includes('MediaNest is ready') && child.exitCode === null) child.kill('SIGKILL');
    return out;
  })();
  return { child, ready };
}

test('a start after a crash clears the embedded PostgreSQL the crashed process left running', async ({ dir, prefix }) => {
  const crashed = startCli(dir, prefix);
  assert.match(await crashed.ready, /MediaNest is ready/);
  const killed = new Promise((r) => crashed.child.once('exit', r));
  crashed.child.kill('SIGKILL');
  await killed;
  const again = startCli(dir, prefix);
  assert.match(await again.ready, /MediaNest is ready/);
  const exited = new Promise((r) => again.child.once('exit', r));
  again.child.kill('SIGTERM');
  await exited;
});

test('a second process on the same data directory is refused instead of stopping the first one\'s database', async ({ dir, prefix }) => {
  const first = startCli(dir, prefix);
  assert.match(await first.ready, /MediaNest is ready/);
  const second = startCli(dir, prefix);
  const code = await new Promise<number | null>((r) => second.child.once('exit', (c) => r(c)));
  assert.is(code, 1);
  assert.match(await second.ready, /already running .* for another MediaNest process.*DATABASE_URL/s);
  const url = /MediaNest is ready at (http:\/\/[\w.:-]+)/.exec(await first.ready)![1]!;
  const health = await fetch(`${url.replace('localhost', '127.0.0.1')}/api/health/ready`);
  assert.is(health.status, 200);
  const exited = new Promise((r) => first.child.once('exit', r));
  first.child.kill('SIGTERM');
  await exited;
});

test('`medianest start` on the embedded database stops it and exits 0 on SIGTERM', async ({ dir, prefix }) => {
  const { child, ready } = startCli(dir, prefix);
  assert.match(await ready, /MediaNest is ready/);
  await access(join(dir, 'data', 'postgres', 'postmaster.pid'));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  assert.is(await exited, 0);
  const pidFileGone = await access(join(dir, 'data', 'postgres', 'postmaster.pid')).then(() => false, () => true);
  assert.ok(pidFileGone, 'the embedded PostgreSQL was shut down');
});

test.run();
