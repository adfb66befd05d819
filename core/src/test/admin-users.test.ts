import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestCore, type TestCore } from '../testing.js';
import { fixturePlugin } from './support/fixtures.js';

const test = suite<{ t: TestCore; admin: string }>('the admin manages users and sessions');

test.before(async (ctx) => {
  ctx.t = await startTestCore({ plugins: { hello: { path: fixturePlugin('hello') } } });
  ctx.admin = await ctx.t.sessionCookie('admin', { id: 'root', name: 'Root' });
});
test.after(async (ctx) => ctx.t?.stop());

const signIn = async (t: TestCore, username: string, password: string) => {
  const res = await t.request('/api/auth/login', { method: 'POST', json: { username, password } });
  return { status: res.status, cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]! };
};
const ids: Record<string, string> = {};

test('an admin adds accounts; a taken username is refused', async ({ t, admin }) => {
  for (const [username, role] of [['boss', 'admin'], ['uma', 'user']] as const) {
    const res = await t.request('/api/admin/users', { method: 'POST', cookie: admin, json: { username, password: 'a long first password', role } });
    assert.is(res.status, 201);
    assert.equal([res.body.user.username, res.body.user.role, res.body.user.disabled], [username, role, false]);
    ids[username] = res.body.user.id;
  }
  const taken = await t.request('/api/admin/users', { method: 'POST', cookie: admin, json: { username: 'UMA', password: 'a long first password', role: 'user' } });
  assert.equal([taken.status, taken.body.error], [409, 'That username is taken']);
  const list = (await t.request('/api/admin/users', { cookie: admin })).body.users.map((u: any) => u.username);
  assert.equal(list, ['boss', 'uma']);
  assert.is((await signIn(t, 'uma', 'a long first password')).status, 200);
});

test("changing someone's role ends their sessions at once", async ({ t, admin }) => {
  const { cookie } = await signIn(t, 'uma', 'a long first password');
  assert.is((await t.request('/api/plugins/hello/whoami', { cookie })).status, 200);
  const res = await t.request(`/api/admin/users/${ids.uma}`, { method: 'PATCH', cookie: admin, json: { role: 'admin' } });
  assert.equal([res.status, res.body.user.role], [200, 'admin']);
  assert.is((await t.request('/api/plugins/hello/whoami', { cookie })).status, 401);
  const again = await signIn(t, 'uma', 'a long first password');
  assert.equal((await t.request('/api/me', { cookie: again.cookie })).body.user.role, 'admin');
});

test('a disabled account is signed out and cannot sign in', async ({ t, admin }) => {
  const { cookie } = await signIn(t, 'uma', 'a long first password');
  await t.request(`/api/admin/users/${ids.uma}`, { method: 'PATCH', cookie: admin, json: { disabled: true } });
  assert.is((await t.request('/api/plugins/hello/whoami', { cookie })).status, 401);
  assert.is((await signIn(t, 'uma', 'a long first password')).status, 401);
});

test('the last active admin cannot be demoted, disabled or deleted', async ({ t, admin }) => {
  const demote = await t.request(`/api/admin/users/${ids.boss}`, { method: 'PATCH', cookie: admin, json: { role: 'user' } });
  assert.equal([demote.status, demote.body.error], [409, 'That would leave MediaNest without an active admin: make another admin first']);
  const del = await t.request(`/api/admin/users/${ids.boss}?confirm=boss`, { method: 'DELETE', cookie: admin });
  assert.is(del.status, 409);
});

test('deleting needs the username repeated, and a user may not delete their own account', async ({ t, admin }) => {
  const wrong = await t.request(`/api/admin/users/${ids.uma}?confirm=someone`, { method: 'DELETE', cookie: admin });
  assert.equal([wrong.status, wrong.body.error], [400, 'To delete uma, repeat the username in "confirm"']);
  const missing = await t.request(`/api/admin/users/${ids.uma}`, { method: 'DELETE', cookie: admin });
  assert.is(missing.status, 400);
  const ok = await t.request(`/api/admin/users/${ids.uma}?confirm=UMA`, { method: 'DELETE', cookie: admin });
  assert.is(ok.status, 204);
  const boss = await signIn(t, 'boss', 'a long first password');
  const self = await t.request(`/api/admin/users/${ids.boss}?confirm=boss`, { method: 'DELETE', cookie: boss.cookie });
  assert.is(self.status, 409);
  const audit = (await t.request('/api/admin/audit?action=user-delete', { cookie: admin })).body.entries;
  assert.equal(audit.map((e: any) => [e.actor, e.detail.username]), [['Root', 'uma']]);
});

test('the admin sees live sessions by handle, never by id, and ends one', async ({ t, admin }) => {
  const boss = await signIn(t, 'boss', 'a long first password');
  const sessions = (await t.request('/api/admin/sessions', { cookie: admin })).body.sessions;
  const mine = sessions.find((s: any) => s.user.id === ids.boss);
  assert.ok(mine, 'the session is listed');
  assert.not.ok(JSON.stringify(sessions).includes(boss.cookie.split('=')[1]!), 'no session id is shown');
  assert.is(mine.ip, '127.0.0.1');
  const end = await t.request(`/api/admin/sessions/${mine.handle}`, { method: 'DELETE', cookie: admin });
  assert.is(end.status, 204);
  const left = (await t.request('/api/admin/sessions', { cookie: admin })).body.sessions.filter((s: any) => s.handle === mine.handle);
  assert.equal(left, []);
});

test.run();
