import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Socket } from 'socket.io-client';
import { startTestCore, type TestCore } from '@medianest/sdk/testing';
import { FakeKuma } from './support/fake-kuma.js';
import { SpareRedis } from './support/spare-redis.js';
import { connect, monitor, nextPoll, pluginDir, status } from './support/harness.js';

// Redis keeps nothing on disk: a restart loses the cached view. A change of state while it was
// away must still be found, recorded and sent, because the last known states are in PostgreSQL.
let t: TestCore;
let fake: FakeKuma;
let redis: SpareRedis;
let user: string;
const test = suite('uptime-kuma plugin through a Redis restart');

test.before(async () => {
  redis = await SpareRedis.start();
  fake = await FakeKuma.start();
  t = await startTestCore({ redisUrl: redis.url, plugins: { 'uptime-kuma': { path: pluginDir, config: { baseUrl: fake.url, statusPages: ['home'], pollInterval: '10s', timeout: '1s' } } } });
  user = await t.sessionCookie('user', { id: 'uma' });
});
test.after(async () => {
  await redis?.launch().catch(() => {}); // the core closes quicker with its Redis there
  await t?.stop();
  await fake?.stop();
  await redis?.kill();
});

test('a service that came back up while Redis restarted is recorded, shown and sent live', async () => {
  const first = await nextPoll(t, user, (v) => v.upstream.state === 'ok', null, 25_000, 'a first poll');
  assert.is(monitor(first, 'local-http-down').status, 'down');

  await redis.kill();
  const started = performance.now();
  const during = await t.request('/api/plugins/uptime-kuma/status', { cookie: user });
  assert.is(during.status, 503, 'a clear "try again" rather than a 500');
  assert.match(during.body.error, /cannot reach its Redis server/);
  assert.ok(performance.now() - started < 5000, 'answered at once');
  fake.beat(2, 1, 3); // local-http-down comes up while Redis is away
  await redis.launch();
  user = (await t.waitFor(() => t.sessionCookie('user', { id: 'uma' }).catch(() => undefined), 15_000, 'a session after the restart'))!; // sessions live in Redis

  const socket = (await t.waitFor(() => connect(t.url, user).catch(() => undefined), 15_000, 'a live connection after the restart')) as Socket;
  const heard: any[] = [];
  socket.on('uptime-kuma.status', (event) => heard.push(event));
  try {
    const view = await nextPoll(t, user, (v) => monitor(v, 'local-http-down').status === 'up', null, 40_000, 'a poll after the restart');
    assert.is(view.upstream.state, 'ok');
    const history = await t.request('/api/plugins/uptime-kuma/history?monitorId=2', { cookie: user });
    assert.equal(history.body.changes.map((c: any) => [c.from, c.to]), [['down', 'up']], 'the change is in the history though the cached view was lost');
    await t.waitFor(() => heard.find((e) => e.changes.some((c: any) => c.monitorId === 2 && c.to === 'up')), 15_000, 'the change event');
  } finally {
    socket.disconnect();
  }
});

test.run();
