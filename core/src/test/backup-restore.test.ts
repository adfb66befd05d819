import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCore, type Core } from '../core.js';
import { UserStore } from '../auth/users.js';
import { SecretBox } from '../auth/secret-box.js';
import { fixturePlugin } from './support/fixtures.js';
import { dropPrefix, testDatabase, testPrefix, TEST_REDIS_URL } from './support/env.js';
import { readArchive } from '../cli/backup.js';

// `medianest backup` of a used install, `medianest restore` into a fresh one: the same people
// (their passwords work), the same plugins and settings (secrets still readable).
const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url));
interface Install {
  dir: string;
  db: { url: string; drop(): Promise<void> };
  env: Record<string, string>;
}
const test = suite<{ a: Install; b: Install; c: Install; prefix: string; archive: string }>('backup and restore');

async function install(name: string, prefix: string): Promise<Install> {
  const dir = await mkdtemp(join(tmpdir(), `medianest-${name}-`));
  const db = await testDatabase();
  await writeFile(join(dir, 'plugins.json'), JSON.stringify({ plugins: {} }));
  return { dir, db, env: { DATABASE_URL: db.url, PLUGINS_FILE: join(dir, 'plugins.json'), DATA_DIR: join(dir, 'data'), REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix, DOWNLOADS_DIR: join(dir, 'downloads'), ENCRYPTION_KEY: '' } };
}

const cli = (i: Install, args: string[]) => run(process.execPath, [CLI, ...args], { env: { ...process.env, ...i.env }, cwd: i.dir }).then((r) => ({ ...r, code: 0 }), (e) => e);

function boot(i: Install, prefix: string): Promise<Core> {
  return startCore({ host: '127.0.0.1', port: 0, logLevel: 'silent', databaseUrl: i.db.url, pluginsFile: i.env.PLUGINS_FILE, dataDir: i.env.DATA_DIR, redisUrl: TEST_REDIS_URL, redisPrefix: prefix });
}

test.before(async (ctx) => {
  ctx.prefix = testPrefix();
  [ctx.a, ctx.b, ctx.c] = await Promise.all([install('backup-a', ctx.prefix), install('backup-b', ctx.prefix), install('backup-c', ctx.prefix)]);
  const box = await SecretBox.load(ctx.a.env.DATA_DIR!);
  await writeFile(ctx.a.env.PLUGINS_FILE!, JSON.stringify({
    plugins: {
      hello: { enabled: true, path: fixturePlugin('hello'), config: { greeting: 'Bonjour', token: { $enc: box.encrypt('s3cret-token') } } },
      throws: { enabled: false, path: fixturePlugin('throws') },
    },
  }, null, 2));
  await mkdir(join(ctx.a.dir, 'downloads', 'ada'), { recursive: true });
  await writeFile(join(ctx.a.dir, 'downloads', 'ada', 'talk.mp4'), 'not really a video');
  const core = await boot(ctx.a, ctx.prefix);
  try {
    const users = new UserStore(core.orm);
    await users.create({ username: 'ada', displayName: 'Ada', role: 'admin', password: 'correct horse battery staple' });
    await users.create({ username: 'bo', displayName: 'Bo', role: 'user', password: 'another long password' });
  } finally {
    await core.stop();
  }
});
test.after(async (ctx) => {
  for (const i of [ctx.a, ctx.b, ctx.c]) {
    await i?.db.drop();
    if (i) await rm(i.dir, { recursive: true, force: true });
  }
  await dropPrefix(TEST_REDIS_URL, ctx.prefix);
});

test('backup writes one archive with the database, plugins.json and the list of downloads; the key only when asked, with a warning', async (ctx) => {
  const plain = await cli(ctx.a, ['backup', '--out', join(ctx.a.dir, 'backups')]);
  assert.is(plain.code, 0, plain.stderr);
  assert.match(plain.stdout, /Backup written to .*medianest-backup-.*\.json\.gz: \d+ tables \(2 users\), plugins\.json, 1 downloads listed/);
  assert.match(plain.stdout, /The encryption key is not in it/);
  const [first] = await readdir(join(ctx.a.dir, 'backups'));
  const withoutKey = await readArchive(join(ctx.a.dir, 'backups', first!));
  assert.is(withoutKey.encryptionKey, undefined);
  assert.ok(withoutKey.tables.some((t) => t.name === 'core_users' && t.rows.length === 2));
  assert.equal(withoutKey.downloads.map((d) => d.path), [join(ctx.a.dir, 'downloads', 'ada', 'talk.mp4')]);
  assert.not.match(JSON.stringify(withoutKey), /s3cret-token/, 'plugin secrets stay encrypted in the archive');

  ctx.archive = join(ctx.a.dir, 'with-key.json.gz');
  const keyed = await cli(ctx.a, ['backup', '--out', ctx.archive, '--include-key']);
  assert.is(keyed.code, 0, keyed.stderr);
  assert.match(keyed.stderr, /WARNING: this backup holds the encryption key/);
  assert.is((await readArchive(ctx.archive)).encryptionKey, (await readFile(join(ctx.a.env.DATA_DIR!, 'encryption.key'), 'utf8')).trim());
});

test('restore into a fresh install brings back the same users, plugins and settings', async (ctx) => {
  const restored = await cli(ctx.b, ['restore', ctx.archive]);
  assert.is(restored.code, 0, restored.stderr);
  assert.match(restored.stdout, /Restored .*: 2 users, 2 plugins in plugins\.json/);
  assert.equal(JSON.parse(await readFile(ctx.b.env.PLUGINS_FILE!, 'utf8')), JSON.parse(await readFile(ctx.a.env.PLUGINS_FILE!, 'utf8')));

  const core = await boot(ctx.b, ctx.prefix);
  try {
    const users = new UserStore(core.orm);
    assert.is((await users.verify('ada', 'correct horse battery staple'))?.role, 'admin', 'the same password works');
    assert.is((await users.verify('bo', 'another long password'))?.role, 'user');
    const hello = await fetch(`${core.url}/api/plugins/hello/hello`).then((r) => r.json());
    assert.is(hello.message, 'Bonjour, world', 'the plugin runs with its settings');
    assert.is(core.host.records.get('hello')?.state, 'running', 'its encrypted token was readable with the restored key');
    assert.is(core.host.records.get('throws')?.entry.enabled, false);
    assert.is((await fetch(`${core.url}/api/setup`).then((r) => r.json())).needed, false, 'the portal is claimed: no new setup code');
  } finally {
    await core.stop();
  }
});

test('restore refuses an install that already has people in it', async (ctx) => {
  const again = await cli(ctx.b, ['restore', ctx.archive]);
  assert.is.not(again.code, 0);
  assert.match(again.stderr, /already has users: restore into an empty install/);
});

test('restore without the key into an install with another key says which key it needs', async (ctx) => {
  await SecretBox.load(ctx.c.env.DATA_DIR!); // this install made its own key
  const [first] = await readdir(join(ctx.a.dir, 'backups'));
  const res = await cli(ctx.c, ['restore', join(ctx.a.dir, 'backups', first!)]);
  assert.is.not(res.code, 0);
  assert.match(res.stderr, /not the one the backup was made with: set ENCRYPTION_KEY to the original key/);
});

test.run();
