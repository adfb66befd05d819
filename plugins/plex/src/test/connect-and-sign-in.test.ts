import { test } from 'uvu';
import * as assert from 'uvu/assert';
import pg from 'pg';
import { startTestCore, type TestCore } from '@medianest/sdk/testing';
import { drift } from './support/spec-check.js';
import { consumerDir, pluginDir, recording } from './support/harness.js';
import { BOB, EVE, OWNER, startHousehold, type Household } from './support/household.js';
import { connectServer, openProvider, signInWithPlex } from './support/flows.js';

let h: Household;
let t: TestCore;
let admin: string;
let rec: ReturnType<typeof recording>;
let dbUrl: string;

test.before(async () => {
  h = await startHousehold();
  t = await startTestCore({
    setUp: true,
    plugins: {
      plex: { path: pluginDir, config: { plexTvUrl: h.plexTv.url, plexAppUrl: h.plexTv.url, accessCheckInterval: '2s', pollInterval: '2s', timeout: '3s' } },
      'plex-consumer': { path: consumerDir },
    },
  });
  dbUrl = (t as any).core.config.databaseUrl;
  rec = recording(t);
  admin = await t.sessionCookie('admin', { id: 'admin-1', name: 'Admin' });
});

test.after(async () => {
  await t?.stop();
  await h?.close();
});

test('unconnected, the plugin runs and says so: amber for admins, household words for others', async () => {
  const state = await rec.request('/api/plugins/plex/state', { cookie: admin });
  assert.is(state.body.connected, false);
  const user = await t.sessionCookie('user');
  const np = await rec.request('/api/plugins/plex/now-playing', { cookie: user });
  assert.is(np.status, 200);
  const status = await rec.request('/api/status', { cookie: admin });
  const plex = status.body.plugins.find((p: any) => p.id === 'plex');
  assert.is(plex.state, 'running');
  assert.ok(plex.checks.some((c: any) => c.status !== 'up'), 'the health check fails while unconnected');
  const libs = await rec.request('/api/plugins/plex/libraries', { cookie: user });
  assert.is(libs.body.problem.message, "Plex isn't set up yet");
  const libsAdmin = await rec.request('/api/plugins/plex/libraries', { cookie: admin });
  assert.match(libsAdmin.body.problem.message, /connect it in Admin/);
});

test('signing in with Plex before a server is connected says what is missing', async () => {
  await openProvider(rec.request, admin);
  const res = await signInWithPlex(rec.request, h, BOB);
  assert.is(res.status, 503, JSON.stringify(res.body));
  assert.match(res.body.error, /admin has to connect the Plex server/, res.body.error);
});

test('"Connect Plex": the PIN flow as the admin, then the servers of the account, local address first', async () => {
  const { start, check, picked } = await connectServer(rec.request, admin, h, OWNER);
  const params = new URLSearchParams(new URL(start.url).hash.replace(/^#!?\??/, ''));
  assert.ok(start.url.startsWith(`${h.plexTv.url}/auth/#!?`));
  assert.is(params.get('context[device][product]'), 'MediaNest');
  assert.is(check.account.username, 'owner');
  assert.is(check.servers[0].name, 'Living Room');
  assert.equal(check.servers[0].connections.map((c: any) => c.local), [true, false]);
  assert.is(picked.server.name, 'Living Room');
  assert.ok(h.plexTv.products.has('MediaNest') && h.plexTv.products.size === 1, 'every request said it is MediaNest');
  const connection = await rec.request('/api/plugins/plex/admin/connection', { cookie: admin });
  assert.is(connection.body.connected, true);
  assert.is(connection.body.account.username, 'owner');
});

test('the client identifier is made once and kept; the token is stored sealed', async () => {
  assert.is(h.plexTv.clients.size, 1, 'one client identifier across PINs');
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  const rows = (await db.query('select key, value from plex_settings')).rows;
  await db.end();
  const all = JSON.stringify(rows);
  assert.ok(rows.some((r) => r.key === 'client-id' && h.plexTv.clients.has(r.value)));
  assert.not.ok(all.includes(OWNER.token) || all.includes(`server-token-for-${OWNER.id}`), 'no token in plain text in the database');
});

test('the health check names the server and its version', async () => {
  const status = await rec.request('/api/status', { cookie: admin });
  const check = status.body.plugins.find((p: any) => p.id === 'plex').checks[0];
  assert.is(check.status, 'up', JSON.stringify(check));
  assert.match(check.detail, /"Living Room" 1\.41\.3/);
});

test("an admin's invite accepted with Plex: the account is made at once with the invite's role, linked, and the invite is used up", async () => {
  const made = await rec.request('/api/admin/invites', { method: 'POST', cookie: admin, json: { role: 'user', validFor: '1d' } });
  const token = /([A-Za-z0-9_-]{43})$/.exec(made.body.path)![1]!;
  // Someone the server is not shared with is refused by Plex, and the invite stays open for them.
  const refused = await signInWithPlex(rec.request, h, EVE, token);
  assert.equal([refused.status, refused.body.error], [403, 'Your Plex account has no access to Living Room; ask its owner to share it']);
  assert.is((await rec.request(`/api/invites/${token}`)).status, 200);
  await rec.request('/api/admin/auth-providers/plex.plex', { method: 'PUT', cookie: admin, json: { open: true, newUsers: 'approve' } });
  const joined = await signInWithPlex(rec.request, h, BOB, token);
  assert.is(joined.status, 200, JSON.stringify(joined.body));
  assert.equal([joined.body.user.name, joined.body.user.role], ['Bob', 'user']);
  const bob = (await rec.request('/api/admin/users', { cookie: admin })).body.users.find((u: any) => u.username === 'bob');
  assert.is(bob.disabled, false, 'no approval wait with an invite');
  assert.is((await rec.request(`/api/invites/${token}`)).status, 404);
  await openProvider(rec.request, admin);
});

test('someone the server is shared with signs in with Plex; their identity is linked', async () => {
  const res = await signInWithPlex(rec.request, h, BOB);
  assert.is(res.status, 200, JSON.stringify(res.body));
  const me = await rec.request('/api/me', { cookie: res.cookie });
  assert.is(me.body.user.name, 'Bob');
  const identity = await rec.request(`/api/plugins/plex-consumer/identity/${me.body.user.id}`, { cookie: admin });
  assert.equal(identity.body.account, { plexId: BOB.id, username: 'bob', email: 'bob@example.org', thumb: `https://plex.tv/users/${BOB.id}/avatar?c=1` });
  (globalThis as any).bobCookie = res.cookie;
  (globalThis as any).bobId = me.body.user.id;
});

test('a Plex account without access is refused with words saying what to do', async () => {
  const res = await signInWithPlex(rec.request, h, EVE);
  assert.is(res.status, 403);
  assert.is(res.body.error, 'Your Plex account has no access to Living Room; ask its owner to share it');
});

test('an expired PIN says to start again', async () => {
  const start = await rec.request('/api/auth/providers/plex.plex/start', { method: 'POST' });
  const code = new URLSearchParams(new URL(start.body.url).hash.replace(/^#!?\??/, '')).get('code')!;
  h.plexTv.expire(code);
  const res = await rec.request('/api/auth/providers/plex.plex/finish', { method: 'POST', json: { flow: start.body.flow } });
  assert.is(res.status, 404);
  assert.match(res.body.error, /expired: press "Sign in with Plex" again/);
});

test('plex.tv down during sign-in: a clear message, and local sign-in still works', async () => {
  h.plexTv.down = true;
  try {
    const res = await rec.request('/api/auth/providers/plex.plex/start', { method: 'POST' });
    assert.is(res.status, 503);
    assert.match(res.body.error, /plex\.tv cannot be reached right now.*sign in with your MediaNest username and password/);
    const created = await rec.request('/api/admin/users', { method: 'POST', cookie: admin, json: { username: 'localperson', password: 'a long enough password 1', role: 'user' } });
    assert.ok(created.status < 300, created.text);
    const local = await rec.request('/api/auth/login', { method: 'POST', json: { username: 'localperson', password: 'a long enough password 1' } });
    assert.is(local.status, 200, local.text);
  } finally {
    h.plexTv.down = false;
  }
});

test('a shared user removed from the server: their open sessions end at the next check, and the next sign-in is refused', async () => {
  const cookie = (globalThis as any).bobCookie as string;
  assert.is((await rec.request('/api/me', { cookie })).body.user?.name, 'Bob');
  h.plexTv.sharedWith.splice(h.plexTv.sharedWith.indexOf(BOB.id), 1);
  await t.waitFor(async () => (await rec.request('/api/me', { cookie })).body.user === null, 15_000, 'Bob signed out');
  const again = await signInWithPlex(rec.request, h, BOB);
  assert.is(again.status, 403);
  assert.match(again.body.error, /no access to Living Room/);
  h.plexTv.sharedWith.push(BOB.id);
});

test('an existing local account links its Plex account from the account page', async () => {
  const local = await rec.request('/api/auth/login', { method: 'POST', json: { username: 'localperson', password: 'a long enough password 1' } });
  assert.is(local.status, 200, local.text);
  const cookie = (local.headers.get('set-cookie') ?? '').match(/mn_session=[^;]+/)![0];
  const start = await rec.request('/api/auth/providers/plex.plex/start', { method: 'POST', cookie });
  const code = new URLSearchParams(new URL(start.body.url).hash.replace(/^#!?\??/, '')).get('code')!;
  assert.is((await rec.request('/api/auth/providers/plex.plex/link', { method: 'POST', cookie, json: { flow: start.body.flow } })).status, 202);
  h.plexTv.approve(code, OWNER.id);
  const linked = await rec.request('/api/auth/providers/plex.plex/link', { method: 'POST', cookie, json: { flow: start.body.flow } });
  assert.is(linked.status, 200, linked.text);
  const me = await rec.request('/api/me', { cookie });
  const identity = await rec.request(`/api/plugins/plex-consumer/identity/${me.body.user.id}`, { cookie: admin });
  assert.is(identity.body.account.plexId, OWNER.id);
  const identities = await rec.request('/api/auth/identities', { cookie });
  assert.equal(identities.body.identities, [{ provider: 'plex.plex' }]);
});

test('no token appears in any answer of this run', () => {
  const all = rec.answers.join('\n');
  for (const secret of [...h.secrets, OWNER.token, BOB.token, EVE.token]) assert.not.ok(all.includes(secret), `an answer held a token`);
});

test('the fakes never drifted from the spec', () => {
  assert.equal(drift, []);
});

test.run();
