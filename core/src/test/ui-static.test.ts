import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Koa from 'koa';
import { createUiServer } from '../http/ui-static.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A GET with the path sent exactly as written (fetch would normalise `..` away). */
function get(base: string, path: string, method = 'GET'): Promise<Answer> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function listen(app: Koa): Promise<{ url: string; server: Server }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, server };
}

/** Wraps the middleware the way the core does: what it passes on ends as a plain 404. */
function appWith(middleware: Koa.Middleware): Koa {
  const app = new Koa();
  app.silent = true;
  app.use(middleware);
  return app;
}

const IMPORT_MAP = '{"imports":{"lit":"/assets/shared-lit-abc123.js"}}';
const INDEX = `<!doctype html><html><head>
<script type="importmap">${IMPORT_MAP}</script>
<script type="module" crossorigin src="/assets/index-abc123.js"></script>
</head><body><mn-app></mn-app></body></html>`;

const test = suite<{ root: string; uiDir: string; pluginDir: string; url: string; server: Server; scriptHashes: string[] }>(
  'serving the portal and plugin UI files',
);

test.before(async (ctx) => {
  ctx.root = await mkdtemp(join(tmpdir(), 'medianest-ui-static-'));
  ctx.uiDir = join(ctx.root, 'dist');
  ctx.pluginDir = join(ctx.root, 'plugin-demo');
  await mkdir(join(ctx.uiDir, 'assets'), { recursive: true });
  await writeFile(join(ctx.uiDir, 'index.html'), INDEX);
  await writeFile(join(ctx.uiDir, 'assets', 'index-abc123.js'), 'export {};\n');
  await mkdir(join(ctx.pluginDir, 'ui', 'nested'), { recursive: true });
  await writeFile(join(ctx.pluginDir, 'ui', 'widget.js'), 'export const widget = 1;\n');
  await writeFile(join(ctx.pluginDir, 'ui', 'nested', 'style.css'), ':host { display: block; }\n');
  await writeFile(join(ctx.pluginDir, 'package.json'), '{"name":"secret"}');
  await writeFile(join(ctx.pluginDir, 'config.js'), 'export const password = "hunter2";\n');
  const ui = createUiServer({
    uiDir: ctx.uiDir,
    pluginAsset: (id) => (id === 'demo' ? { dir: ctx.pluginDir, version: '1.2.0' } : undefined),
  });
  ctx.scriptHashes = ui.scriptHashes;
  Object.assign(ctx, await listen(appWith(ui.middleware)));
});

test.after(async (ctx) => {
  await new Promise((resolve) => ctx.server?.close(resolve));
  await rm(ctx.root, { recursive: true, force: true });
});

test('the hashes of the inline scripts are the CSP sha256 of the import map and nothing else', ({ scriptHashes }) => {
  const expected = `sha256-${createHash('sha256').update(IMPORT_MAP).digest('base64')}`;
  assert.equal(scriptHashes, [expected]);
});

test('the page is served at / and /index.html and is revalidated every time', async ({ url }) => {
  for (const path of ['/', '/index.html']) {
    const res = await get(url, path);
    assert.is(res.status, 200);
    assert.is(res.headers['cache-control'], 'no-cache');
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.ok(res.body.includes('<mn-app>'));
  }
});

test('hashed build files are cached for a year as immutable JavaScript', async ({ url }) => {
  const res = await get(url, '/assets/index-abc123.js');
  assert.is(res.status, 200);
  assert.is(res.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.match(String(res.headers['content-type']), /^text\/javascript/);
});

test("a running plugin's UI module is served long-cached as text/javascript at its version's URL", async ({ url }) => {
  const res = await get(url, '/plugins/demo/1.2.0/ui/widget.js');
  assert.is(res.status, 200);
  assert.is(res.body, 'export const widget = 1;\n');
  assert.is(res.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.match(String(res.headers['content-type']), /^text\/javascript/);
  const css = await get(url, '/plugins/demo/1.2.0/ui/nested/style.css');
  assert.is(css.status, 200);
  assert.match(String(css.headers['content-type']), /^text\/css/);
});

test("another version's URL, an unknown plugin and a missing file are not found", async ({ url }) => {
  for (const path of ['/plugins/demo/1.1.0/ui/widget.js', '/plugins/other/1.2.0/ui/widget.js', '/plugins/demo/1.2.0/ui/missing.js']) {
    const res = await get(url, path);
    assert.is(res.status, 404, path);
  }
});

test("files outside the plugin's ui folder cannot be reached, with or without dot segments", async ({ url }) => {
  for (const path of [
    '/plugins/demo/1.2.0/package.json',
    '/plugins/demo/1.2.0/config.js',
    '/plugins/demo/1.2.0/ui/../config.js',
    '/plugins/demo/1.2.0/ui/nested/../../config.js',
    '/plugins/demo/1.2.0/ui/%2e%2e/config.js',
    '/plugins/demo/1.2.0/ui/..%2fconfig.js',
    '/plugins/demo/1.2.0/ui/%2E%2E%2Fconfig.js',
  ]) {
    const res = await get(url, path);
    assert.is(res.status, 404, path);
    assert.not.ok(res.body.includes('hunter2'), path);
  }
});

test('other paths and other methods pass through to the next middleware', async ({ url }) => {
  assert.is((await get(url, '/api/anything')).status, 404);
  assert.is((await get(url, '/', 'POST')).status, 404);
});

test('without a build, / answers 503 and says to run npm run build, and no script hashes are given', async ({ root }) => {
  const ui = createUiServer({ uiDir: join(root, 'not-built'), pluginAsset: () => undefined });
  assert.equal(ui.scriptHashes, []);
  const { url, server } = await listen(appWith(ui.middleware));
  try {
    const res = await get(url, '/');
    assert.is(res.status, 503);
    assert.match(String(res.headers['content-type']), /^text\/plain/);
    assert.match(res.body, /npm run build/);
    assert.is((await get(url, '/assets/index-abc123.js')).status, 404);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

test.run();
