import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { access, chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

test.run();
