import 'reflect-metadata';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type Server } from 'node:http';
import { pino } from 'pino';
import { Redis } from 'ioredis';
import { container } from 'tsyringe';
import { createPluginContext } from '../plugins/plugin-context.js';
import { dropPrefix, testPrefix, TEST_REDIS_URL } from './support/env.js';

const test = suite<{ redis: Redis; prefix: string; server: Server; base: string; hits: Record<string, number> }>('plugin context');

test.before(async (ctx) => {
  ctx.redis = new Redis(TEST_REDIS_URL);
  ctx.prefix = testPrefix();
  ctx.hits = {};
  ctx.server = createServer((req, res) => {
    ctx.hits[req.url!] = (ctx.hits[req.url!] ?? 0) + 1;
    if (req.url === '/flaky' && ctx.hits[req.url] < 3) return void res.writeHead(503).end('busy');
    if (req.url === '/slow') return void setTimeout(() => res.end('{}'), 2000);
    if (req.url === '/trickle') {
      res.writeHead(200, { 'content-type': 'application/json' }).write('{"a":');
      return void setTimeout(() => res.end('1}'), 2000);
    }
    if (req.url === '/shape') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"items":[{"id":1},{"id":"two"}]}');
    if (req.url === '/garbage') return void res.writeHead(200, { 'content-type': 'application/json' }).end('<html>');
    if (req.url === '/missing') return void res.writeHead(404).end('{}');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, url: req.url }));
  });
  await new Promise<void>((r) => ctx.server.listen(0, '127.0.0.1', () => r()));
  ctx.base = `http://127.0.0.1:${(ctx.server.address() as { port: number }).port}`;
});
test.after(async (ctx) => {
  ctx.server.close();
  await dropPrefix(TEST_REDIS_URL, ctx.prefix);
  ctx.redis.disconnect();
});

function make(ctx: { redis: Redis; prefix: string }, declared: string[] = [], running = new Set<string>()) {
  const abort = new AbortController();
  const made = createPluginContext({
    id: 'demo',
    version: '1.0.0',
    config: {},
    log: pino({ level: 'silent' }),
    redis: ctx.redis,
    redisPrefix: ctx.prefix,
    dataDir: '/nonexistent/plugins/demo',
    emit: () => {},
    orm: undefined as never,
    signal: abort.signal,
    container: container.createChildContainer(),
    declaredDependencies: declared,
    isRunning: (id) => running.has(id),
  });
  return { ...made, abort };
}

test('the cache stores JSON under the plugin prefix and expires it', async (ctx) => {
  const { ctx: plugin } = make(ctx);
  await plugin.cache.set('k', { a: [1, 2] }, '150ms');
  assert.equal(await plugin.cache.get('k'), { a: [1, 2] });
  assert.is(await ctx.redis.exists(`${ctx.prefix}cache:demo:k`), 1);
  await new Promise((r) => setTimeout(r, 250));
  assert.is(await plugin.cache.get('k'), undefined);
});

test('cache.wrap loads once and cache.memo serves from memory within its age', async (ctx) => {
  const { ctx: plugin } = make(ctx);
  let loads = 0;
  const load = async () => ++loads;
  assert.is(await plugin.cache.wrap('w', '1m', load), 1);
  assert.is(await plugin.cache.wrap('w', '1m', load), 1);
  assert.is(await plugin.cache.memo('m', '200ms', load), 2);
  assert.is(await plugin.cache.memo('m', '200ms', load), 2);
  await new Promise((r) => setTimeout(r, 250));
  assert.is(await plugin.cache.memo('m', '200ms', load), 3);
});

test('http.fetch retries a GET on 503 and http.json parses the answer', async (ctx) => {
  const { ctx: plugin } = make(ctx);
  const res = await plugin.http.fetch(`${ctx.base}/flaky`, { retries: 2 });
  assert.is(res.status, 200);
  assert.is(ctx.hits['/flaky'], 3);
  assert.equal(await plugin.http.json(`${ctx.base}/fine`), { ok: true, url: '/fine' });
});

test('http.fetch gives up at its timeout with a message naming the URL', async (ctx) => {
  const { ctx: plugin } = make(ctx);
  const started = Date.now();
  try {
    await plugin.http.fetch(`${ctx.base}/slow`, { timeout: '200ms', retries: 0 });
    assert.unreachable('should time out');
  } catch (err) {
    assert.match((err as Error).message, /\/slow did not answer within 200 ms/);
  }
  assert.ok(Date.now() - started < 1000);
});

test('http.json refuses a non-2xx status and a body that is not JSON', async (ctx) => {
  const { ctx: plugin } = make(ctx);
  try {
    await plugin.http.json(`${ctx.base}/missing`);
    assert.unreachable();
  } catch (err) {
    assert.match((err as Error).message, /answered 404/);
  }
  try {
    await plugin.http.json(`${ctx.base}/garbage`);
    assert.unreachable();
  } catch (err) {
    assert.match((err as Error).message, /did not answer JSON/);
  }
});

test('http.json checks the answer against a schema and names the first wrong field', async (ctx) => {
  const { ctx: plugin } = make(ctx);
  const schema = { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' } } } } } };
  try {
    await plugin.http.json(`${ctx.base}/shape`, { schema });
    assert.unreachable('should refuse the answer');
  } catch (err) {
    assert.match((err as Error).message, /\/shape answered JSON of an unexpected shape: answer\.items\.1\.id must be integer/);
  }
  const fine = await plugin.http.json<{ url: string }>(`${ctx.base}/fine`, { schema: { type: 'object', required: ['ok', 'url'] } });
  assert.is(fine.url, '/fine');
});

test('http.json gives up on an answer whose body stalls past the timeout', async (ctx) => {
  const { ctx: plugin } = make(ctx);
  const started = Date.now();
  try {
    await plugin.http.json(`${ctx.base}/trickle`, { timeout: '300ms', retries: 0 });
    assert.unreachable('should time out');
  } catch (err) {
    assert.match((err as Error).message, /\/trickle did not finish its answer within 300 ms/);
  }
  assert.ok(Date.now() - started < 1500);
});

test('services of undeclared plugins are refused; declared ones resolve only while their plugin runs', async (ctx) => {
  const running = new Set<string>();
  const { ctx: plugin } = make(ctx, ['plex'], running);
  assert.throws(() => plugin.use('overseerr.requests'), /does not declare "overseerr"/);
  assert.is(plugin.useOptional('plex.library'), undefined);
  assert.throws(() => plugin.use('plex.library'), /not available/);
});

test('registration is refused once the context is sealed, and tags and names are checked', async (ctx) => {
  const { ctx: plugin, seal } = make(ctx);
  assert.throws(() => plugin.ui.widget('mn-other-x', { module: 'ui/x.js', title: 'x' }), /must start with "mn-demo-"/);
  assert.throws(() => plugin.routes.get('no-slash', { auth: 'public' }, () => ({})), /must start with \//);
  assert.throws(() => plugin.jobs.define('bad name', async () => {}), /invalid queue name/);
  plugin.routes.get('/a', { auth: 'public' }, () => ({}));
  assert.throws(() => plugin.routes.get('/a', { auth: 'public' }, () => ({})), /registered twice/);
  seal('register() has finished');
  assert.throws(() => plugin.routes.get('/b', { auth: 'public' }, () => ({})), /cannot add routes now: register\(\) has finished/);
});

test.run();
