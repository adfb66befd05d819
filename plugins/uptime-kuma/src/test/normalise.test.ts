import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { kumaTime, normalisePage } from '../normalise.js';
import { parseResponseTimes } from '../metrics.js';
import { changesFrom, freshStates, visiblePart } from '../poll.js';
import { emptyView, type StatusView } from '../status-view.js';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../test-fixtures/${name}`, import.meta.url)), 'utf8');
const page = JSON.parse(fixture('status-page.sample.json'));
const beats = JSON.parse(fixture('status-page-heartbeat.sample.json'));
const test = suite('reading Uptime Kuma answers');

test("heartbeat times are Uptime Kuma's UTC and become ISO times", () => {
  assert.is(kumaTime('2026-11-23 03:38:45.278'), '2026-11-23T03:38:45.278Z');
  assert.is(kumaTime('2026-11-23T03:38:45.278Z'), '2026-11-23T03:38:45.278Z');
  assert.is(kumaTime('2026-11-23 03:38:45Z'), '2026-11-23T03:38:45.000Z');
  assert.is(kumaTime('2026-11-23 04:38:45+01:00'), '2026-11-23T03:38:45.000Z', 'a time with a zone keeps it');
  assert.is(kumaTime('yesterday-ish'), null);
  assert.is(kumaTime(null), null);
});

test('a status page keeps its groups in order with each monitor state, since, 24 h uptime and beats', () => {
  const view = normalisePage('home', page, beats, undefined, '2026-11-23T03:40:00.000Z');
  assert.equal(view.groups.map((g) => [g.name, g.monitors.map((m) => m.name)]), [['Media', ['local-http-up', 'push-monitor']], ['Network', ['local-http-down']]]);
  const [up, push] = view.groups[0]!.monitors;
  const down = view.groups[1]!.monitors[0]!;
  assert.equal([up!.status, push!.status, down.status], ['up', 'up', 'down']);
  assert.is(up!.uptime24h, 1);
  assert.is(down.uptime24h, 0);
  assert.is(up!.pingMs, 5, 'the last heartbeat answers the response time without an API key');
  assert.is(down.pingMs, null);
  assert.is(down.since, '2026-11-23T03:38:45.317Z', 'down since the first of its trailing down beats');
  assert.is(down.sinceExact, false, 'every beat we have is down: it went down before them');
  assert.is(up!.beats.length, 4);
  assert.is(up!.beats[0]!.at, '2026-11-23T03:38:45.278Z');
  assert.equal(view.incident, { title: 'Disk swap tonight', content: 'The NAS is offline from 22:00.', style: 'warning', createdAt: '2026-11-23T03:30:08.000Z', updatedAt: null });
  assert.is(view.error, null);
});

test("maintenance windows keep their title, description and Uptime Kuma's status word", () => {
  // Fields as Uptime Kuma's Maintenance.toPublicJSON() writes them (server/model/maintenance.js).
  const window = { id: 4, title: 'Router firmware', description: 'Wi-Fi drops for 10 minutes', strategy: 'single', active: true, dateRange: ['2026-11-23 03:00:00', '2026-11-23 04:00:00'], timeslotList: [], status: 'under-maintenance' };
  const view = normalisePage('home', { ...page, maintenanceList: [window] }, beats, undefined, 'x');
  assert.equal(view.maintenance, [{ id: 4, title: 'Router firmware', description: 'Wi-Fi drops for 10 minutes', status: 'under-maintenance' }]);
});

test('a monitor without heartbeats is unknown rather than up', () => {
  const view = normalisePage('home', page, { heartbeatList: {}, uptimeList: {} }, undefined, '2026-11-23T03:40:00.000Z');
  assert.equal(view.groups.flatMap((g) => g.monitors.map((m) => [m.status, m.uptime24h, m.since])), [['unknown', null, null], ['unknown', null, null], ['unknown', null, null]]);
});

test('response times from /metrics win over the last heartbeat, matched by id or by name', () => {
  const times = parseResponseTimes(fixture('metrics.sample.txt'));
  assert.equal([...times.byId], [[1, 5], [3, 12]], 'the closed port (-1) is left out');
  assert.is(times.byName.get('push-monitor'), 12);
  const byName = parseResponseTimes('monitor_response_time{monitor_name="local-http-up",monitor_type="http",monitor_url="http://127.0.0.1:8765/"} 42\n');
  const view = normalisePage('home', page, beats, byName, '2026-11-23T03:40:00.000Z');
  assert.is(view.groups[0]!.monitors[0]!.pingMs, 42);
});

const known = (view: StatusView) => new Map([...freshStates(view)].map(([id, m]) => [id, m.status as string]));

test('a change of state is found once per monitor, and a monitor seen for the first time is no change', () => {
  const before: StatusView = { ...emptyView(30_000), pages: [normalisePage('home', page, beats, undefined, 'x')] };
  const flipped = structuredClone(beats);
  flipped.heartbeatList['2'].push({ status: 1, time: '2026-11-23 03:39:05.000', msg: '', ping: 3 });
  const after: StatusView = { ...emptyView(30_000), pages: [normalisePage('home', page, flipped, undefined, 'y'), normalisePage('again', page, flipped, undefined, 'y')] };
  assert.equal(changesFrom(known(before), freshStates(after), 'now'), [{ monitorId: 2, name: 'local-http-down', from: 'down', to: 'up', at: '2026-11-23T03:39:05.000Z' }]);
  const cameUp = after.pages[0]!.groups[1]!.monitors[0]!;
  assert.equal([cameUp.since, cameUp.sinceExact], ['2026-11-23T03:39:05.000Z', true]);
  assert.equal(changesFrom(new Map(), freshStates(after), 'now'), []);
});

test('a page that failed (showing old data) neither makes nor hides a change of a monitor it shares', () => {
  const flipped = structuredClone(beats);
  flipped.heartbeatList['2'].push({ status: 1, time: '2026-11-23 03:39:05.000', msg: '', ping: 3 });
  const old = normalisePage('old', page, beats, undefined, 'x');
  const failing = { ...old, error: 'answered 500' };
  // The failing page still shows monitor 2 down; the fresh page says up. Either order, one change.
  for (const pages of [[normalisePage('home', page, flipped, undefined, 'y'), failing], [failing, normalisePage('home', page, flipped, undefined, 'y')]]) {
    const fresh = freshStates({ ...emptyView(30_000), pages });
    assert.is(fresh.get(2)?.status, 'up');
    assert.equal(changesFrom(new Map([[2, 'down']]), fresh, 'now').map((c) => [c.monitorId, c.from, c.to]), [[2, 'down', 'up']]);
    assert.equal(changesFrom(new Map([[2, 'up']]), fresh, 'now'), [], 'no change recorded again from the stale copy');
  }
});

test('a poll that only read the same states again changes nothing shown', () => {
  const a: StatusView = { ...emptyView(30_000), pages: [normalisePage('home', page, beats, undefined, '2026-11-23T03:40:00.000Z')] };
  const b: StatusView = { ...emptyView(30_000), pages: [normalisePage('home', page, beats, undefined, '2026-11-23T03:40:30.000Z')] };
  b.upstream = { ...a.upstream, checkedAt: '2026-11-23T03:40:30.000Z' };
  assert.is(visiblePart(a), visiblePart(b));
  const newBeat = structuredClone(beats);
  newBeat.heartbeatList['1'].push({ status: 1, time: '2026-11-23 03:40:20.000', msg: '', ping: 4 });
  assert.is.not(visiblePart(a), visiblePart({ ...b, pages: [normalisePage('home', page, newBeat, undefined, 'z')] }), 'a new heartbeat shows in the strip');
});

test.run();
