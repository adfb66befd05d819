import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixturePlugin } from './support/fixtures.js';
import { testDatabase } from './support/env.js';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url));
const test = suite<{ dir: string; file: string }>('medianest CLI');

const original = {
  $schema: './keep-me.json',
  comment: 'unknown keys stay',
  plugins: {
    zeta: { enabled: true, path: fixturePlugin('hello'), note: 'kept' },
    hello: { enabled: true, path: fixturePlugin('hello'), config: { greeting: 'Hi' } },
    throws: { enabled: false, path: fixturePlugin('throws') },
  },
};

test.before(async (ctx) => {
  ctx.dir = await mkdtemp(join(tmpdir(), 'medianest-cli-'));
  ctx.file = join(ctx.dir, 'plugins.json');
  await writeFile(ctx.file, JSON.stringify(original, null, 2));
});
test.after(async (ctx) => rm(ctx.dir, { recursive: true, force: true }));

const cli = (ctx: { dir: string; file: string }, args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, [CLI, ...args], { env: { ...process.env, PLUGINS_FILE: ctx.file, DATA_DIR: join(ctx.dir, 'data'), ...env }, cwd: ctx.dir }).catch((e) => e);

test('plugins disable and enable rewrite plugins.json keeping order and unknown keys', async (ctx) => {
  const off = await cli(ctx, ['plugins', 'disable', 'hello']);
  assert.match(off.stdout, /Disabled "hello"/);
  let data = JSON.parse(await readFile(ctx.file, 'utf8'));
  assert.is(data.plugins.hello.enabled, false);
  assert.equal(Object.keys(data), ['$schema', 'comment', 'plugins']);
  assert.equal(Object.keys(data.plugins), ['zeta', 'hello', 'throws']);
  assert.is(data.plugins.zeta.note, 'kept');
  assert.equal(data.plugins.hello.config, { greeting: 'Hi' });
  await cli(ctx, ['plugins', 'enable', 'hello']);
  data = JSON.parse(await readFile(ctx.file, 'utf8'));
  assert.is(data.plugins.hello.enabled, true);
});

test('enabling an unknown plugin fails with the known ids', async (ctx) => {
  const res = await cli(ctx, ['plugins', 'enable', 'ghost']);
  assert.is(res.code, 1);
  assert.match(res.stderr, /No plugin "ghost".*known: zeta, hello, throws/);
});

test('plugins list shows versions and why a plugin cannot load', async (ctx) => {
  const res = await cli(ctx, ['plugins', 'list']);
  assert.match(res.stdout, /hello\s+yes\s+1\.2\.3\s+fixture-hello\s+ok/);
  assert.match(res.stdout, /zeta\s+yes\s+-\s+.*medianest\.id "hello"/);
});

test('doctor names each problem with a fix and exits 1', async (ctx) => {
  const res = await cli(ctx, ['doctor'], { REDIS_URL: 'redis://127.0.0.1:1', UI_DIR: join(ctx.dir, 'no-ui') });
  assert.is(res.code, 1);
  assert.match(res.stdout, /✗ Cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
  assert.match(res.stdout, /→ Start one/);
  assert.match(res.stdout, /✓ plugin hello 1\.2\.3 \(enabled\)/);
  assert.match(res.stdout, /✗ plugin zeta/);
  assert.match(res.stdout, /→ Run `npm run build`/);
});

test('start exits with a clear message when Redis is unreachable', async (ctx) => {
  const res = await cli(ctx, ['start'], { REDIS_URL: 'redis://127.0.0.1:1' });
  assert.is(res.code, 1);
  assert.match(res.stderr, /Cannot reach Redis at redis:\/\/127\.0\.0\.1:1.*Start one/);
});

test('migrate applies the core and plugin migrations and then reports the database up to date', async (ctx) => {
  const db = await testDatabase();
  try {
    const first = await cli(ctx, ['migrate'], { DATABASE_URL: db.url, LOG_LEVEL: 'silent' });
    assert.match(first.stdout, /Applied \d+ migration\(s\): core_0001_plugin_events/);
    const second = await cli(ctx, ['migrate'], { DATABASE_URL: db.url, LOG_LEVEL: 'silent' });
    assert.match(second.stdout, /The database is up to date/);
  } finally {
    await db.drop();
  }
});

test('an unknown command prints the usage and exits 2', async (ctx) => {
  const res = await cli(ctx, ['frobnicate']);
  assert.is(res.code, 2);
  assert.match(res.stderr, /Usage: medianest <command>/);
});

test.run();
