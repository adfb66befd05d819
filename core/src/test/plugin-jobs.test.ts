import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { io, type Socket } from 'socket.io-client';
import { startTestCore, type TestCore } from '../testing.js';
import { fixturePlugin } from './support/fixtures.js';

const test = suite<{ t: TestCore; socket: Socket }>('plugin jobs through the core');

test.before(async (ctx) => {
  ctx.t = await startTestCore({ plugins: { 'jobs-demo': { path: fixturePlugin('jobs-demo') } } });
  ctx.socket = io(ctx.t.url, { transports: ['websocket'], reconnection: false });
  await new Promise<void>((resolve, reject) => {
    ctx.socket.once('connect', () => resolve());
    ctx.socket.once('connect_error', reject);
  });
});
test.after(async (ctx) => {
  ctx.socket?.disconnect();
  await ctx.t?.stop();
});

test('a job queued by a route runs on a worker and its progress and result reach a socket.io client', async ({ t, socket }) => {
  const progress: number[] = [];
  socket.on('jobs-demo.count.progress', (e: any) => progress.push(e.progress));
  const done = new Promise<any>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no succeeded event within 5 s')), 5000);
    socket.once('jobs-demo.count.succeeded', (e) => {
      clearTimeout(timer);
      resolve(e);
    });
  });
  const res = await t.request('/api/plugins/jobs-demo/count', { method: 'POST', json: { to: 4 } });
  assert.is(res.status, 200);
  assert.type(res.body.id, 'string');
  const result = await done;
  assert.is(result.jobId, res.body.id);
  assert.equal(result.result, { counted: 4 });
  assert.equal(progress, [25, 50, 75, 100]);
});

test('a repeating job runs and sends its events', async ({ t, socket }) => {
  const tick = await new Promise<any>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no tick within 3 s')), 3000);
    socket.once('jobs-demo.tick', (e) => {
      clearTimeout(timer);
      resolve(e);
    });
  });
  assert.ok(tick.n >= 1);
});

test('disabling the plugin stops its repeating job', async ({ t }) => {
  await t.writePlugins({ 'jobs-demo': { enabled: false, path: fixturePlugin('jobs-demo') } });
  await t.waitFor(() => t.core.host.records.get('jobs-demo')!.state === 'disabled', 5000, 'the plugin to stop');
  const counter = `${t.redisPrefix}cache:jobs-demo:ticks`;
  const before = Number(await t.core.redis.get(counter));
  await new Promise((r) => setTimeout(r, 1000));
  const after = Number(await t.core.redis.get(counter));
  assert.is(after, before, 'no tick after the plugin stopped');
});

test.run();
