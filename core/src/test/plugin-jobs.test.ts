import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Socket } from 'socket.io-client';
import { connectSocket, nextEvent } from './support/socket.js';
import { startTestCore, type TestCore } from '../testing.js';
import { fixturePlugin } from './support/fixtures.js';

const test = suite<{ t: TestCore; socket: Socket }>('plugin jobs through the core');

test.before(async (ctx) => {
  ctx.t = await startTestCore({ plugins: { 'jobs-demo': { path: fixturePlugin('jobs-demo') } } });
  ctx.socket = await connectSocket(ctx.t.url);
});
test.after(async (ctx) => {
  ctx.socket?.disconnect();
  await ctx.t?.stop();
});

test('a job queued by a route runs on a worker and its progress and result reach a socket.io client', async ({ t, socket }) => {
  const progress: number[] = [];
  socket.on('jobs-demo.count.progress', (e: any) => progress.push(e.progress));
  const done = nextEvent(socket, 'jobs-demo.count.succeeded');
  const res = await t.request('/api/plugins/jobs-demo/count', { method: 'POST', json: { to: 4 } });
  assert.is(res.status, 200);
  assert.type(res.body.id, 'string');
  const result = await done;
  assert.is(result.jobId, res.body.id);
  assert.equal(result.result, { counted: 4 });
  assert.equal(progress, [25, 50, 75, 100]);
});

test('a repeating job runs and sends its events', async ({ t, socket }) => {
  const tick = await nextEvent(socket, 'jobs-demo.tick', 3000);
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
