import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Socket } from 'socket.io-client';
import { startTestCore, type TestCore } from '@medianest/sdk/testing';
import { RealKuma, freePort, httpMonitor } from './support/real-kuma.js';
import { Target } from './support/target.js';
import { connect, monitor, nextPoll, pluginDir, status } from './support/harness.js';

// The real Uptime Kuma (npm package uptime-kuma 2.0.0-dev.0), provisioned over its socket.io API,
// watching a local HTTP service the test switches off, and a closed port.
let t: TestCore;
let kuma: RealKuma;
let target: Target;
let user: string;
let socket: Socket;
const heard: any[] = [];
const test = suite('uptime-kuma plugin with the real Uptime Kuma');

test.before(async () => {
  target = await Target.start();
  kuma = await RealKuma.start();
  await kuma.setupAdmin();
  const jellyfin = await kuma.addMonitor(httpMonitor('Jellyfin', target.url));
  const nas = await kuma.addMonitor(httpMonitor('NAS', `http://127.0.0.1:${await freePort()}/`));
  await kuma.addStatusPage('home', 'Our home', [{ name: 'Media', monitors: [jellyfin] }, { name: 'Storage', monitors: [nas] }]);
  await kuma.postIncident('home', { title: 'New disks on Saturday', content: 'The NAS will be off for an hour.', style: 'info' });
  const apiKey = await kuma.addApiKey();
  t = await startTestCore({
    plugins: { 'uptime-kuma': { path: pluginDir, config: { baseUrl: kuma.url, statusPages: ['home'], pollInterval: '10s', timeout: '3s', apiKey } } },
  });
  user = await t.sessionCookie('user', { id: 'uma' });
  socket = await connect(t.url, user);
  socket.on('uptime-kuma.status', (event) => heard.push(event));
});
test.after(async () => {
  socket?.disconnect();
  await t?.stop();
  await kuma?.stop();
  await target?.down();
});

const WORDS = ['down', 'up', 'pending', 'maintenance'];

test("the widget's data matches what Uptime Kuma's status page reports", async () => {
  const view = await nextPoll(t, user, (v) => monitor(v, 'Jellyfin')?.status === 'up' && monitor(v, 'NAS')?.status === 'down', null, 40_000, 'Jellyfin up and NAS down');
  const page = await (await fetch(`${kuma.url}/api/status-page/home`)).json();
  const beats = await (await fetch(`${kuma.url}/api/status-page/heartbeat/home`)).json();
  const ours = view.pages[0];
  assert.is(ours.title, page.config.title);
  assert.equal(ours.groups.map((g: any) => [g.name, g.monitors.map((m: any) => [m.id, m.name])]), page.publicGroupList.map((g: any) => [g.name, g.monitorList.map((m: any) => [m.id, m.name])]));
  for (const group of ours.groups) {
    for (const m of group.monitors) {
      assert.is(m.status, WORDS[beats.heartbeatList[m.id].at(-1).status], `${m.name}'s state`);
      assert.is(m.uptime24h, beats.uptimeList[`${m.id}_24`], `${m.name}'s 24 h uptime`);
      assert.ok(m.beats.length >= 1 && m.beats.length <= beats.heartbeatList[m.id].length);
    }
  }
  assert.is(ours.incident.title, page.incident.title);
  assert.is(ours.incident.content, 'The NAS will be off for an hour.');
  assert.type(monitor(view, 'Jellyfin').pingMs, 'number');
  assert.is(monitor(view, 'NAS').pingMs, null);
  assert.equal([view.upstream.state, view.stale], ['ok', false]);
});

test('stopping the watched service turns its monitor down in the portal and browsers get the event', async () => {
  heard.length = 0;
  const stoppedAt = Date.now();
  await target.down();
  // Uptime Kuma checks every 20 s (its minimum); the plugin polls every 10 s.
  await t.waitFor(() => heard.some((e) => e.changes.some((c: any) => c.name === 'Jellyfin')), 45_000, 'the Jellyfin change event');
  const change = heard.flatMap((e) => e.changes).find((c: any) => c.name === 'Jellyfin');
  assert.equal([change.from, change.to], ['up', 'down']);
  assert.ok(Date.parse(change.at) >= stoppedAt - 1000, 'the change is dated by the heartbeat that saw it');
  assert.is(monitor(await status(t, user), 'Jellyfin').status, 'down');
  const history = await t.request('/api/plugins/uptime-kuma/history', { cookie: user });
  assert.equal(history.body.changes.map((c: any) => [c.name, c.from, c.to, c.endedAt]), [['Jellyfin', 'up', 'down', null]]);
});

test('killing Uptime Kuma shows it unreachable with the last known states; restarting it recovers', async () => {
  const before = await status(t, user);
  await kuma.kill();
  const down = await nextPoll(t, user, (v) => v.upstream.state === 'unreachable', before.upstream.checkedAt, 25_000, 'the unreachable state');
  assert.match(down.upstream.error, /cannot connect to Uptime Kuma \(ECONNREFUSED\)/);
  assert.is(down.stale, true);
  assert.equal([monitor(down, 'Jellyfin').status, monitor(down, 'NAS').status], ['down', 'down'], 'last known states are kept');
  const admin = await t.sessionCookie('admin');
  const health = await t.request('/api/status', { cookie: admin });
  const check = health.body.plugins.find((p: any) => p.id === 'uptime-kuma').checks.find((c: any) => c.name === 'upstream');
  assert.equal([check.status, /does not answer/.test(check.detail)], ['down', true]);
  assert.is((await t.request('/api/health/ready')).status, 200, 'a dead Uptime Kuma does not make the portal unready');

  await kuma.launch();
  const back = await nextPoll(t, user, (v) => v.upstream.state === 'ok', down.upstream.checkedAt, 40_000, 'recovery');
  assert.equal([back.stale, back.upstream.since, back.pages[0].error], [false, null, null]);
  assert.ok(heard.some((e) => e.view.upstream.state === 'ok' && e.view.pages.length === 1), 'browsers hear of the recovery');
});

test.run();
