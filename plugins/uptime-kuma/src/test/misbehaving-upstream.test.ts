import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Socket } from 'socket.io-client';
import { startTestCore, type TestCore } from '@medianest/sdk/testing';
import { FakeKuma } from './support/fake-kuma.js';
import { connect, monitor, nextPoll, pluginDir, status } from './support/harness.js';

// A stand-in Uptime Kuma from the recorded answers, switched into each way a real one can fail.
// Each page slug fails its own way, so one poll (every 10 s at least) shows them all.
let t: TestCore;
let fake: FakeKuma;
let user: string;
let admin: string;
let socket: Socket;
let lastCheck: string | null = null;
const heard: any[] = [];
const checks: any[] = [];
const test = suite('uptime-kuma plugin against a misbehaving Uptime Kuma');

const slugs = ['home', 'garbage', 'shape', 'slow', 'broken', 'gone'];
const config = () => ({ baseUrl: fake.url, statusPages: slugs, pollInterval: '10s', timeout: '1s', apiKey: fake.apiKey });
const page = (view: any, slug: string) => view.pages.find((p: any) => p.slug === slug);

test.before(async () => {
  fake = await FakeKuma.start();
  for (const [slug, mode] of [['garbage', 'not-json'], ['shape', 'wrong-shape'], ['slow', 'slow'], ['broken', 'error'], ['gone', 'missing']] as const) fake.pageModes.set(slug, mode);
  // /metrics says 41 ms for local-http-up, where its last heartbeat says 5 ms.
  (fake as any).metrics = fake.metrics.replace(/^(monitor_response_time\{monitor_id="1",[^}]*\}) 5$/m, '$1 41');
  t = await startTestCore({ plugins: { 'uptime-kuma': { path: pluginDir, config: config() } } });
  user = await t.sessionCookie('user', { id: 'uma' });
  admin = await t.sessionCookie('admin', { id: 'ada' });
  socket = await connect(t.url, user);
  socket.on('uptime-kuma.status', (event) => heard.push(event));
  socket.on('uptime-kuma.checked', (event) => checks.push(event));
});
test.after(async () => {
  socket?.disconnect();
  await t?.stop();
  await fake?.stop();
});

async function poll(check: (view: any) => boolean, what: string) {
  const view = await nextPoll(t, user, check, lastCheck, 25_000, what);
  lastCheck = view.upstream.checkedAt;
  return view;
}

async function upstreamCheck(matching: RegExp) {
  return t.waitFor(async () => {
    const res = await t.request('/api/status', { cookie: admin });
    const check = res.body.plugins.find((p: any) => p.id === 'uptime-kuma')?.checks.find((c: any) => c.name === 'upstream');
    return matching.test(check?.detail ?? '') ? check : undefined;
  }, 8000, `a health check detail matching ${matching}`);
}

test('the status is for signed-in users only and shows what the status page says', async () => {
  assert.is((await t.request('/api/plugins/uptime-kuma/status')).status, 401);
  const view = await poll((v) => v.upstream.state === 'ok', 'a first poll');
  assert.is(view.pollIntervalMs, 10_000);
  const home = page(view, 'home');
  assert.equal([home.title, home.error, home.groups.map((g: any) => g.name)], ['Home', null, ['Media', 'Network']]);
  assert.is(home.incident.title, 'Disk swap tonight');
  assert.equal([monitor(view, 'local-http-up').status, monitor(view, 'local-http-down').status], ['up', 'down']);
  assert.is(monitor(view, 'local-http-up').pingMs, 41, 'the response time comes from /metrics with the API key');
});

test('many browsers asking cost no extra requests to Uptime Kuma', async () => {
  const asked = () => fake.requests.filter((r) => r === '/api/status-page/home').length;
  const before = asked();
  const bo = await t.sessionCookie('user', { id: 'bo' });
  const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => t.request('/api/plugins/uptime-kuma/status', { cookie: i % 2 ? user : bo })));
  assert.ok(answers.every((a) => a.status === 200));
  assert.ok(asked() - before <= 1, `${asked() - before} requests to Uptime Kuma for 40 page views (one poll may fall in between)`);
});

test('each page that answers badly says how, while the good page is shown', async () => {
  const view = await status(t, user);
  assert.equal(view.pages.map((p: any) => p.slug), slugs, 'pages stay in the configured order');
  assert.match(page(view, 'garbage').error, /answered something that is not JSON/, JSON.stringify(view.pages));
  assert.match(page(view, 'shape').error, /answered an unexpected shape: answer\.(publicGroupList must be array|heartbeatList must be object)/);
  assert.match(page(view, 'slow').error, /did not answer within 1 s \(Uptime Kuma is slow, or there is no status page "slow"/);
  assert.match(page(view, 'broken').error, /answered 500/);
  assert.match(page(view, 'gone').error, /answered 404/);
  assert.is(view.stale, true, 'some of the view is not fresh');
  assert.not.ok(JSON.stringify(view).includes(fake.url), 'no address of the upstream reaches browsers');
  assert.not.ok(JSON.stringify(view).includes(fake.apiKey), 'nor the API key');
  const check = await upstreamCheck(/gone/);
  assert.is(check.status, 'degraded');
  assert.match(check.detail, /^answers in \d+ ms, but status page "garbage": .*; status page "gone": .*404/);
});

test('when no page can be read it shows "unreachable" with the last known states, marked stale, and never a 500', async () => {
  fake.mode = 'not-json';
  fake.pageModes.clear();
  const view = await poll((v) => v.upstream.state === 'unreachable', 'the unreachable state');
  assert.match(view.upstream.error, /not JSON/);
  assert.is(view.stale, true);
  assert.ok(view.upstream.since);
  assert.is(monitor(view, 'local-http-down').status, 'down', 'the last known state is kept');
  assert.ok(page(view, 'home').fetchedAt < view.upstream.since, 'the data shown is from before the failure');
  assert.ok(heard.some((e) => e.view.upstream.state === 'unreachable'), 'browsers are told at once');
});

test('the time it became unreachable stays put through further failures, and it recovers by itself', async () => {
  const since = (await status(t, user)).upstream.since;
  fake.mode = 'error';
  let view = await poll((v) => /answered 500/.test(v.upstream.error ?? ''), 'a 500');
  assert.is(view.upstream.since, since);
  fake.mode = 'ok';
  view = await poll((v) => v.upstream.state === 'ok', 'recovery');
  assert.equal([view.stale, view.upstream.since, view.upstream.error, page(view, 'home').error], [false, null, null, null]);
});

test('a state change reaches browsers as an event and is kept in the history with how long it lasted', async () => {
  heard.length = 0;
  fake.beat(2, 1, 3); // local-http-down comes up
  const view = await poll((v) => monitor(v, 'local-http-down').status === 'up', 'the monitor to come up');
  assert.is(monitor(view, 'local-http-down').pingMs, 3);
  await t.waitFor(() => heard.some((e) => e.changes.length), 3000, 'the change event');
  const event = heard.find((e) => e.changes.length);
  assert.equal(event.changes.map((c: any) => [c.monitorId, c.name, c.from, c.to]), [[2, 'local-http-down', 'down', 'up']]);

  fake.beat(2, 0);
  fake.apiKey = 'uk2_rotated'; // and the admin rotates the key in Uptime Kuma without telling MediaNest
  const after = await poll((v) => monitor(v, 'local-http-down').status === 'down', 'the monitor to go down again');
  assert.is(monitor(after, 'local-http-up').pingMs, 5, 'without /metrics the last heartbeat gives the response time');
  const res = await t.request('/api/plugins/uptime-kuma/history?monitorId=2', { cookie: user });
  assert.is(res.status, 200);
  const [wentDown, cameUp] = res.body.changes;
  assert.equal([wentDown.from, wentDown.to, wentDown.endedAt, wentDown.durationMs], ['up', 'down', null, null], 'still down: no end yet');
  assert.equal([cameUp.from, cameUp.to, cameUp.endedAt], ['down', 'up', wentDown.at]);
  assert.is(cameUp.durationMs, Date.parse(wentDown.at) - Date.parse(cameUp.at));
  const bad = await t.request('/api/plugins/uptime-kuma/history?limit=0', { cookie: user });
  assert.is(bad.status, 400);
  assert.match(bad.body.error, /Limit: Enter 1 or more/);
  const huge = await t.request('/api/plugins/uptime-kuma/history?monitorId=99999999999', { cookie: user });
  assert.is(huge.status, 400, 'an id past any monitor is refused, not sent to the database');
  assert.match(huge.body.error, /Monitor id: Enter 2147483647 or less/);
});

test('a poll that finds nothing new sends only the time of the check', async () => {
  heard.length = 0;
  checks.length = 0;
  const view = await poll(() => true, 'a poll with nothing new');
  await t.waitFor(() => checks.find((c) => c.checkedAt === view.upstream.checkedAt), 3000, 'the checked event of that poll');
  assert.equal(Object.keys(checks[0]), ['checkedAt'], 'no states in it');
  assert.is(heard.filter((e) => e.view.upstream.checkedAt === view.upstream.checkedAt).length, 0, 'and no whole view for it');
});

test('a refused API key is reported by the health check', async () => {
  const check = await upstreamCheck(/API key/);
  assert.is(check.status, 'degraded');
  assert.match(check.detail, /refused the API key \(401\)/);
});

test('settings out of bounds are refused with the reason shown to the admin', async () => {
  const failsWith = async (cfg: Record<string, unknown>, reason: RegExp) => {
    await t.writePlugins({ 'uptime-kuma': { path: pluginDir, config: cfg } });
    await t.waitFor(async () => {
      const p = (await t.request('/api/admin/plugins', { cookie: admin })).body.plugins.find((x: any) => x.id === 'uptime-kuma');
      return p.state === 'failed' && reason.test(p.reason ?? '');
    }, 8000, `the plugin to fail with ${reason}`);
  };
  await failsWith({ ...config(), pollInterval: '5s' }, /Check every \(pollInterval\): Use at least 10s/);
  await failsWith({ ...config(), timeout: '2m' }, /Give up after \(timeout\): Use at most 1m/);
  await failsWith({ statusPages: ['home'] }, /Uptime Kuma address \(baseUrl\): Fill this in/);
  await failsWith({ ...config(), statusPages: ['Home Page'] }, /Status pages, entry 1 \(statusPages\.0\): Use the part of the status page address after \/status\//);
  assert.is((await t.request('/api/plugins/uptime-kuma/status', { cookie: user })).status, 404);
});

test.run();
