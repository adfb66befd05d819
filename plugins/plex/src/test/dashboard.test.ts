import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestCore, type TestCore } from '@medianest/sdk/testing';
import { drift } from './support/spec-check.js';
import { connect, pluginDir, recording } from './support/harness.js';
import { BOB, OWNER, startHousehold, type Household } from './support/household.js';
import { connectServer, openProvider, signInWithPlex } from './support/flows.js';
import { pngSize } from './support/png.js';

let h: Household;
let t: TestCore;
let admin: string;
let bob: string;
let rec: ReturnType<typeof recording>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sessionsHits = () => h.pms.hits.get('/status/sessions') ?? 0;

test.before(async () => {
  h = await startHousehold({ sizes: { '1': 10_000, '2': 40, '3': 3 } });
  t = await startTestCore({
    setUp: true,
    plugins: { plex: { path: pluginDir, config: { plexTvUrl: h.plexTv.url, plexAppUrl: h.plexTv.url, pollInterval: '2s', timeout: '3s' } } },
  });
  rec = recording(t);
  admin = await t.sessionCookie('admin', { id: 'admin-1', name: 'Admin' });
  await connectServer(rec.request, admin, h, OWNER);
  await openProvider(rec.request, admin);
  bob = (await signInWithPlex(rec.request, h, BOB)).cookie!;
});

test.after(async () => {
  await t?.stop();
  await h?.close();
});

test('a change of what is playing reaches an open page live, through Plex\'s notification socket', async () => {
  await t.waitFor(async () => (await rec.request('/api/plugins/plex/now-playing', { cookie: admin })).body.mode === 'live', 10_000, 'the watcher to hold the notification socket');
  const socket = await connect(t.url, bob);
  try {
    const heard = new Promise<number>((resolve) => socket.once('plex.now-playing', () => resolve(Date.now())));
    const changed = Date.now();
    h.pms.setSessions([
      { user: { id: String(OWNER.id), title: 'owner' }, itemKey: '1000', state: 'playing', viewOffset: 3_000_000, bandwidth: 8200, player: 'Living Room TV' },
      { user: { id: String(BOB.id), title: 'bob' }, itemKey: '1001', state: 'paused', viewOffset: 600_000, bandwidth: 4100, player: 'Phone', transcode: { videoDecision: 'transcode', audioDecision: 'copy', sourceVideoCodec: 'hevc', videoCodec: 'h264' } },
    ]);
    const at = await Promise.race([heard, sleep(1900).then(() => 0)]);
    assert.ok(at, 'the event arrived before the next poll would have');
    assert.ok(at - changed < 1900);
  } finally {
    socket.close();
  }
});

test('admins see every stream with progress, state, direct play or transcode and why, and bandwidth', async () => {
  const np = (await rec.request('/api/plugins/plex/now-playing', { cookie: admin })).body;
  assert.is(np.everyone, true);
  assert.is(np.streams.length, 2);
  const [a, b] = np.streams;
  assert.equal([a.user.name, a.state, a.decision, a.progress, a.bandwidthKbps], ['owner', 'playing', 'direct play', 50, 8200]);
  assert.equal([b.user.name, b.state, b.decision], ['bob', 'paused', 'transcode']);
  assert.match(b.reason, /^video HEVC → H\.264/);
  assert.match(b.item.links.app, /^https:\/\/app\.plex\.tv\/desktop\/#!\/server\/f4k3m4ch1n3id0+1\/details\?key=%2Flibrary%2Fmetadata%2F1001$/);
  assert.match(b.item.links.web, /\/web\/index\.html#!\/server\//);
});

test("ordinary users see only their own streams unless the admin allows everyone's", async () => {
  const np = (await rec.request('/api/plugins/plex/now-playing', { cookie: bob })).body;
  assert.is(np.everyone, false);
  assert.equal(np.streams.map((s: any) => s.user.name), ['bob']);
  const stranger = await t.sessionCookie('user');
  assert.equal((await rec.request('/api/plugins/plex/now-playing', { cookie: stranger })).body.streams, []);
});

test('many open pages cost no more upstream reads than none', async () => {
  const sockets = await Promise.all(Array.from({ length: 20 }, () => connect(t.url, bob)));
  try {
    const quietStart = sessionsHits();
    await sleep(6000);
    const quiet = sessionsHits() - quietStart;
    const busyStart = sessionsHits();
    const until = Date.now() + 6000;
    let pages = 0;
    while (Date.now() < until) {
      await Promise.all(Array.from({ length: 20 }, () => rec.request('/api/plugins/plex/now-playing', { cookie: bob })));
      pages += 20;
    }
    const busy = sessionsHits() - busyStart;
    assert.ok(pages >= 100, `${pages} page reads`);
    assert.ok(busy <= quiet + 1, `${busy} reads of /status/sessions with ${pages} page reads, ${quiet} with none`);
  } finally {
    for (const s of sockets) s.close();
  }
});

test('recently added per library, with signed poster URLs', async () => {
  const recent = (await rec.request('/api/plugins/plex/recent', { cookie: bob })).body;
  assert.equal(recent.libraries.map((l: any) => l.title), ['Films', 'TV', 'YouTube']);
  const films = recent.libraries[0].items;
  assert.is(films.length, 12);
  assert.ok(films[0].addedAt >= films[1].addedAt, 'newest first');
  assert.match(films[0].poster, /^\/api\/plugins\/plex\/poster\?p=%2Flibrary%2Fmetadata%2F\d+%2Fthumb%2F\d+&size=small&s=[A-Za-z0-9_-]{32}$/);
  (globalThis as any).poster = films[0].poster;
});

test('the poster proxy: signed URLs only, resized by Plex, cached, with long-cache headers', async () => {
  const url = (globalThis as any).poster as string;
  const before = h.pms.hits.get('/photo/:/transcode') ?? 0;
  const first = await fetch(t.url + url, { headers: { cookie: bob } });
  const bytes = Buffer.from(await first.arrayBuffer());
  assert.is(first.status, 200);
  assert.is(first.headers.get('content-type'), 'image/png');
  assert.match(first.headers.get('cache-control') ?? '', /max-age=31536000, immutable/);
  assert.equal(pngSize(bytes), { width: 160, height: 240 });
  const photo = h.pms.log.filter((l) => l.path === '/photo/:/transcode').at(-1)!;
  assert.equal([photo.query.get('width'), photo.query.get('height'), photo.query.get('minSize')], ['160', '240', '1']);
  const second = await fetch(t.url + url, { headers: { cookie: bob } });
  assert.equal(Buffer.from(await second.arrayBuffer()), bytes);
  assert.is((h.pms.hits.get('/photo/:/transcode') ?? 0) - before, 1, 'the second request never reached Plex');

  const forged = url.replace(/thumb%2F\d+/, 'thumb%2F1');
  const refused = await rec.request(forged, { cookie: bob });
  assert.is(refused.status, 400);
  assert.match(refused.body.error, /not one MediaNest made/);
  const other = await rec.request('/api/plugins/plex/poster?p=%2Fetc%2Fpasswd&size=small&s=' + 'A'.repeat(32), { cookie: bob });
  assert.is(other.status, 400);
  assert.is((await rec.request(url)).status, 401, 'signed-in people only');
});

test('continue watching is the signed-in person\'s own, read with their own token', async () => {
  h.pms.onDeck.set(BOB.id, ['1003', '1004']);
  h.pms.onDeck.set(OWNER.id, ['1007']);
  const cont = (await rec.request('/api/plugins/plex/continue', { cookie: bob })).body;
  assert.is(cont.linked, true);
  assert.equal(cont.items.map((i: any) => i.id), ['1003', '1004']);
  assert.is(h.pms.log.filter((l) => l.path === '/hubs/continueWatching').at(-1)!.token, `server-token-for-${BOB.id}`);
  const notLinked = (await rec.request('/api/plugins/plex/continue', { cookie: admin })).body;
  assert.equal([notLinked.linked, notLinked.items], [false, []]);
});

test('libraries with counts; a page deep into a 10,000-item library uses the paging headers', async () => {
  const libs = (await rec.request('/api/plugins/plex/libraries', { cookie: bob })).body;
  assert.equal(libs.libraries.map((l: any) => [l.title, l.count]), [['Films', 10000], ['TV', 40], ['YouTube', 3]]);
  const page = await rec.request('/api/plugins/plex/libraries/1/items?start=9960&size=60&sort=title', { cookie: bob });
  assert.is(page.status, 200, page.text);
  assert.equal([page.body.total, page.body.items.length, page.body.start], [10000, 40, 9960]);
  const asked = h.pms.log.filter((l) => l.path === '/library/sections/1/all').at(-1)!;
  assert.equal([asked.start, asked.size, asked.query.get('sort')], ['9960', '60', 'titleSort']);
  const byYear = (await rec.request('/api/plugins/plex/libraries/1/items?size=5&sort=-year', { cookie: bob })).body;
  assert.ok(byYear.items.every((i: any, n: number, all: any[]) => n === 0 || all[n - 1].year >= i.year));
});

test('bad paging and sorting answer 400 with words a person can act on', async () => {
  const big = await rec.request('/api/plugins/plex/libraries/1/items?size=5000', { cookie: bob });
  assert.is(big.status, 400);
  assert.match(big.body.error, /Page size: Ask for at most 200 items at a time/, big.body.error);
  const sort = await rec.request('/api/plugins/plex/libraries/1/items?sort=random', { cookie: bob });
  assert.is(sort.status, 400);
  assert.match(sort.body.error, /Sort by title, added or year/, sort.body.error);
  const none = await rec.request('/api/plugins/plex/libraries/99/items', { cookie: bob });
  assert.is(none.status, 404);
  assert.match(none.body.error, /no such library/);
});

test('search across libraries', async () => {
  const res = (await rec.request('/api/plugins/plex/search?q=dune', { cookie: bob })).body;
  assert.ok(res.items.length > 0);
  assert.ok(res.items.every((i: any) => /dune/i.test(i.title)));
  const empty = await rec.request('/api/plugins/plex/search?q=', { cookie: bob });
  assert.is(empty.status, 400);
  assert.match(empty.body.error, /Type something to search for/, empty.body.error);
});

test("the portal's one search box finds Plex items, each opening in Plex", async () => {
  const res = (await rec.request('/api/search?q=dune', { cookie: bob })).body;
  const group = res.groups.find((g: any) => g.plugin === 'plex');
  assert.is(group.state, 'ok');
  assert.is(group.title, 'On Plex');
  assert.ok(group.results.length > 0);
  assert.ok(group.results.every((r: any) => /dune/i.test(r.title)));
  assert.ok(group.results.every((r: any) => r.href.startsWith('https://app.plex.tv/desktop/#!/server/')), group.results[0].href);
});

test('a server answering XML is named as such for the admin, in household words for others', async () => {
  h.pms.xml = true;
  try {
    const forAdmin = (await rec.request('/api/plugins/plex/search?q=xmlcase', { cookie: admin })).body;
    assert.match(forAdmin.problem.detail, /answered XML instead of JSON at \/hubs\/search/);
    const forBob = (await rec.request('/api/plugins/plex/search?q=xmlcase2', { cookie: bob })).body;
    assert.equal(forBob.problem, { message: "Plex isn't available right now" });
  } finally {
    h.pms.xml = false;
  }
});

test('"Test connection" says in plain words what happened', async () => {
  const test = (settings: object) => rec.request('/api/admin/plugins/plex/settings/test', { method: 'POST', cookie: admin, json: { settings } });
  const hidden = { plexTvUrl: h.plexTv.url, plexAppUrl: h.plexTv.url };
  const connected = await test(hidden);
  assert.equal([connected.status, connected.body.ok], [200, true], connected.text);
  assert.match(connected.body.message, /^Reached Plex Media Server "Living Room" \(1\.41\.3[^)]*\); the token works$/);
  const manual = await test({ ...hidden, serverUrl: h.pms.url, token: `server-token-for-${BOB.id}` });
  assert.is(manual.body.ok, true, manual.text);
  const wrong = await test({ ...hidden, serverUrl: h.pms.url, token: 'not-a-token-of-this-server' });
  assert.equal([wrong.body.ok, wrong.body.message], [false, 'The server answered 401: the token was revoked or is wrong; connect again']);
  const half = await test({ ...hidden, serverUrl: h.pms.url });
  assert.match(half.body.message, /Enter both the server address and the token/);
});

test('a revoked token: the health check and the admin say "reconnect Plex"', async () => {
  h.pms.revoke(`server-token-for-${OWNER.id}`);
  h.pms.revoke(OWNER.token);
  const status = (await rec.request('/api/status', { cookie: admin })).body;
  const check = status.plugins.find((p: any) => p.id === 'plex').checks[0];
  assert.is(check.status, 'down');
  assert.match(check.detail, /reconnect Plex/);
  const np = await t.waitFor(async () => {
    const body = (await rec.request('/api/plugins/plex/now-playing', { cookie: admin })).body;
    return body.problem?.reconnect ? body : undefined;
  }, 8000, 'the next poll to see the revoked token');
  assert.match(np.problem.message, /reconnect Plex/);
  assert.equal(np.streams, []);
  const forBob = (await rec.request('/api/plugins/plex/now-playing', { cookie: bob })).body;
  assert.equal(forBob.problem, { message: "Plex isn't available right now" });
});

test('no token appears in any answer of this run', () => {
  const all = rec.answers.join('\n');
  for (const secret of [...h.secrets, OWNER.token, BOB.token]) assert.not.ok(all.includes(secret), 'an answer held a token');
});

test('the fakes never drifted from the spec', () => {
  assert.equal(drift, []);
});

test.run();
