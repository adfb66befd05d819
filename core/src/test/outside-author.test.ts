// An author outside this repository: packs of the SDK, the UI and the core installed into a folder
// that has never seen the workspace, a scaffolded plugin's own tests, then the plugin in a portal.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dropPrefix, randomName, testDatabase, TEST_REDIS_URL } from './support/env.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = join(root, 'core/dist/cli/main.js');
const ID = 'porch-light';

interface Ctx {
  dir: string;
  plugin: string;
  packs: Record<string, string>;
  portal?: ChildProcess;
  db?: { url: string; drop(): Promise<void> };
  prefix: string;
}
const test = suite<Ctx>('a plugin author outside the repository');

// npm must run this Node (24), not the machine's, so the author's `npm test` runs as documented.
const env = () => ({ ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}`, npm_config_audit: 'false', npm_config_fund: 'false' });

test.before(async (ctx) => {
  ctx.dir = await mkdtemp(join(tmpdir(), 'medianest-author-'));
  ctx.plugin = join(ctx.dir, `medianest-plugin-${ID}`);
  ctx.prefix = `mnt${randomName()}:`;
  const packDir = join(ctx.dir, 'packs');
  await mkdir(packDir);
  await run('npm', ['pack', '-w', 'sdk', '-w', 'ui', '-w', 'core', '--pack-destination', packDir, '--loglevel=error'], { cwd: root, env: env() });
  const files = await readdir(packDir).catch(() => []);
  const find = (name: string) => join(packDir, files.find((f) => f.startsWith(`medianest-${name}-`))!);
  ctx.packs = { sdk: find('sdk'), ui: find('ui'), core: find('core') };
});
test.after(async (ctx) => {
  ctx.portal?.kill('SIGTERM');
  await ctx.db?.drop().catch(() => {});
  await dropPrefix(TEST_REDIS_URL, ctx.prefix);
  await rm(ctx.dir, { recursive: true, force: true });
});

test('npm pack gives the SDK, the built portal UI and the core, each with its Node engine', async ({ packs }) => {
  for (const [name, file] of Object.entries(packs)) {
    const { stdout } = await run('tar', ['-xOzf', file, 'package/package.json']);
    const pkg = JSON.parse(stdout);
    assert.is(pkg.engines?.node, '>=24', `${name} states Node 24`);
    assert.not.ok(pkg.private, `${name} can be published`);
  }
  const { stdout: uiFiles } = await run('tar', ['-tzf', packs.ui!]);
  assert.match(uiFiles, /package\/dist\/index\.html/);
  const { stdout: coreFiles } = await run('tar', ['-tzf', packs.core!]);
  assert.match(coreFiles, /package\/dist\/testing\.js/);
  assert.not.match(coreFiles, /dist\/test\//, 'the core ships no tests of its own');
});

test('medianest plugins new writes a plugin folder; a bad id or a taken folder is refused', async (ctx) => {
  const bad = await run(process.execPath, [CLI, 'plugins', 'new', 'Bad_Id'], { cwd: ctx.dir }).catch((e) => e);
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /lowercase letters, digits and dashes/);
  const { stdout } = await run(process.execPath, [CLI, 'plugins', 'new', ID], { cwd: ctx.dir });
  assert.match(stdout, /npm test/);
  const again = await run(process.execPath, [CLI, 'plugins', 'new', ID], { cwd: ctx.dir }).catch((e) => e);
  assert.is(again.code, 2);
  assert.match(again.stderr, /already exists/);
  const pkg = JSON.parse(await readFile(join(ctx.plugin, 'package.json'), 'utf8'));
  assert.is(pkg.medianest.id, ID);
  assert.ok(pkg.keywords.includes('medianest-plugin'));
  assert.match(pkg.engines.medianest, /^\^\d+\.\d+\.\d+$/);
});

test('the new plugin installs from the packed tarballs alone and passes its own tests', async (ctx) => {
  const file = join(ctx.plugin, 'package.json');
  const pkg = JSON.parse(await readFile(file, 'utf8'));
  pkg.dependencies['@medianest/sdk'] = `file:${ctx.packs.sdk}`;
  pkg.devDependencies['@medianest/core'] = `file:${ctx.packs.core}`;
  // Published, the core's range finds @medianest/ui on the registry; here the tarball stands in for it.
  pkg.devDependencies['@medianest/ui'] = `file:${ctx.packs.ui}`;
  pkg.overrides = { '@medianest/sdk': `file:${ctx.packs.sdk}`, '@medianest/ui': `file:${ctx.packs.ui}` };
  await writeFile(file, JSON.stringify(pkg, null, 2));
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: ctx.plugin, env: env(), maxBuffer: 1 << 24 });
  const result = await run('npm', ['test'], { cwd: ctx.plugin, env: { ...env(), TEST_REDIS_URL, REDIS_URL: TEST_REDIS_URL }, maxBuffer: 1 << 24 }).catch((e) => e);
  const out = String(result.stdout).replace(/\x1b\[[0-9;]*m/g, '');
  assert.is(result.code ?? 0, 0, `the plugin's own tests failed:\n${out}\n${result.stderr}`);
  assert.match(out, /Passed:\s+5/);
});

test('a portal started from the installed core loads the plugin by path: route, widget, health and the UI answer', async (ctx) => {
  ctx.db = await testDatabase();
  const plugins = join(ctx.dir, 'plugins.json');
  await writeFile(plugins, JSON.stringify({ plugins: { [ID]: { enabled: true, path: `./medianest-plugin-${ID}`, config: { interval: '1s' } } } }));
  const main = join(ctx.plugin, 'node_modules/@medianest/core/dist/cli/main.js');
  ctx.portal = spawn(process.execPath, [main, 'start'], {
    cwd: ctx.dir,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: ctx.db.url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: ctx.prefix, PLUGINS_FILE: plugins, DATA_DIR: join(ctx.dir, 'data'), LOG_FORMAT: 'json', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const ready = await new Promise<{ url: string; code: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the portal did not start within 30 s:\n${log}`)), 30_000);
    let url = '';
    ctx.portal!.stdout!.on('data', (chunk) => {
      log += chunk;
      url ||= /"url":"(http:\/\/[^"]+)"/.exec(log)?.[1] ?? '';
      const code = /"setupCode":"([A-Z0-9-]+)"/.exec(log)?.[1];
      if (url && code) {
        clearTimeout(timer);
        resolve({ url, code });
      }
    });
    ctx.portal!.stderr!.on('data', (chunk) => (log += chunk));
    ctx.portal!.on('exit', (code) => reject(new Error(`the portal exited (${code}):\n${log}`)));
  });
  const jar = new Map<string, string>();
  const call = async (path: string, init: RequestInit & { json?: unknown } = {}) => {
    const headers = new Headers(init.headers);
    headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    if (jar.has('mn_csrf')) headers.set('x-csrf-token', jar.get('mn_csrf')!);
    if (init.json !== undefined) headers.set('content-type', 'application/json');
    const res = await fetch(ready.url + path, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    const text = await res.text();
    return { status: res.status, text, body: /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : text };
  };

  const page = await call('/');
  assert.is(page.status, 200, 'the portal UI comes with the installed core');
  assert.match(page.text, /<html/i);
  assert.is((await call(`/api/plugins/${ID}/hello`)).status, 401);
  await call('/api/me');
  const setup = await call('/api/setup', { method: 'POST', json: { code: ready.code, username: 'author', password: 'a long enough password' } });
  assert.ok(setup.status < 300, `setup answered ${setup.status}: ${setup.text}`);
  const hello = await call(`/api/plugins/${ID}/hello`);
  assert.is(hello.status, 200);
  assert.match(hello.body.greeting, /Porch Light/);
  const manifest = await call('/api/ui/manifest');
  assert.ok(manifest.body.widgets.some((w: { tag: string }) => w.tag === `mn-${ID}-hello`));
  const status = await call('/api/admin/plugins');
  const plugin = status.body.plugins.find((p: { id: string }) => p.id === ID);
  assert.is(plugin.state === 'failed' ? plugin.reason : 'not failed', 'not failed');
  assert.ok(plugin.checks.some((c: { name: string }) => c.name === 'ticking'));
});

test.run();
