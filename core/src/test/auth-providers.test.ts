import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestCore, type TestCore } from '../testing.js';
import { fixturePlugin } from './support/fixtures.js';

const test = suite<{ t: TestCore; admin: string }>('sign-in providers registered by plugins');
const ID = 'fake-sso.pin';

test.before(async (ctx) => {
  ctx.t = await startTestCore({ plugins: { 'fake-sso': { path: fixturePlugin('fake-sso') } } });
  ctx.admin = await ctx.t.sessionCookie('admin');
});
test.after(async (ctx) => ctx.t?.stop());

async function signInWith(t: TestCore, externalId: string, username: string, invite?: string) {
  const start = await t.request(`/api/auth/providers/${ID}/start`, { method: 'POST', ...(invite ? { json: { invite } } : {}) });
  assert.is(start.status, 200, start.text);
  const code = new URL(start.body.url).searchParams.get('code')!;
  const pending = await t.request(`/api/auth/providers/${ID}/finish`, { method: 'POST', json: { flow: start.body.flow } });
  assert.equal([pending.status, pending.body], [202, { pending: true }]);
  await t.request('/api/plugins/fake-sso/link', { method: 'POST', json: { code, externalId, username, displayName: username.toUpperCase() } });
  return t.request(`/api/auth/providers/${ID}/finish`, { method: 'POST', json: { flow: start.body.flow } });
}

test('a provider is closed until an admin opens it', async ({ t, admin }) => {
  assert.equal((await t.request('/api/auth/providers')).body, { providers: [] });
  assert.is((await t.request(`/api/auth/providers/${ID}/start`, { method: 'POST' })).status, 404);
  const listed = (await t.request('/api/admin/auth-providers', { cookie: admin })).body.providers;
  assert.equal(listed, [{ id: ID, name: 'Fake SSO', plugin: 'fake-sso', open: false, newUsers: 'approve' }]);
});

test('with approval on, a first sign-in creates a disabled account that an admin approves', async ({ t, admin }) => {
  await t.request(`/api/admin/auth-providers/${ID}`, { method: 'PUT', cookie: admin, json: { open: true, newUsers: 'approve' } });
  assert.equal((await t.request('/api/auth/providers')).body, { providers: [{ id: ID, name: 'Fake SSO' }] });
  const first = await signInWith(t, 'ext-1', 'Nina');
  assert.is(first.status, 403);
  assert.match(first.body.error, /waits for an admin to approve/);
  const nina = (await t.request('/api/admin/users', { cookie: admin })).body.users.find((u: any) => u.username === 'nina');
  assert.equal([nina.disabled, nina.role, nina.name], [true, 'user', 'NINA']);
  await t.request(`/api/admin/users/${nina.id}`, { method: 'PATCH', cookie: admin, json: { disabled: false } });
  const again = await signInWith(t, 'ext-1', 'Nina');
  assert.is(again.status, 200);
  const cookie = (again.headers.get('set-cookie') ?? '').split(';')[0]!;
  assert.equal((await t.request('/api/me', { cookie })).body.user, { id: nina.id, name: 'NINA', role: 'user' });
});

test('with automatic sign-up, a new person gets an account at once, under a free username', async ({ t, admin }) => {
  await t.request(`/api/admin/auth-providers/${ID}`, { method: 'PUT', cookie: admin, json: { open: true, newUsers: 'create' } });
  const res = await signInWith(t, 'ext-2', 'nina');
  assert.is(res.status, 200);
  const users = (await t.request('/api/admin/users', { cookie: admin })).body.users.map((u: any) => u.username).sort();
  assert.equal(users, ['nina', 'nina2']);
});

const cookieOf = (res: { headers: Headers }) => (res.headers.get('set-cookie') ?? '').split(';')[0]!;
const makeInvite = async (t: TestCore, admin: string, role: 'admin' | 'user') => {
  const made = await t.request('/api/admin/invites', { method: 'POST', cookie: admin, json: { role, validFor: '1d' } });
  assert.is(made.status, 201);
  return { id: made.body.id as string, token: /([A-Za-z0-9_-]{43})$/.exec(made.body.path)![1]! };
};
const GONE = 'This invite was used already, withdrawn or has expired: ask whoever sent it for a new one';

test("an invite accepted with an open provider makes the account with the invite's role at once, linked, audited, once", async ({ t, admin }) => {
  // New people wait for approval on this provider; an invite skips the wait.
  await t.request(`/api/admin/auth-providers/${ID}`, { method: 'PUT', cookie: admin, json: { open: true, newUsers: 'approve' } });
  const invite = await makeInvite(t, admin, 'admin');
  const joined = await signInWith(t, 'ext-olga', 'Olga', invite.token);
  assert.is(joined.status, 200, joined.text);
  assert.equal([joined.body.user.name, joined.body.user.role], ['OLGA', 'admin']);
  const me = await t.request('/api/me', { cookie: cookieOf(joined) });
  assert.equal(me.body.user, joined.body.user);
  const olga = (await t.request('/api/admin/users', { cookie: admin })).body.users.find((u: any) => u.username === 'olga');
  assert.equal([olga.disabled, olga.role], [false, 'admin']);
  assert.equal((await t.request('/api/auth/identities', { cookie: cookieOf(joined) })).body.identities, [{ provider: ID }]);
  // The identity is linked: a plain sign-in with the provider later is the same account.
  const again = await signInWith(t, 'ext-olga', 'Olga');
  assert.equal([again.status, again.body.user.id], [200, olga.id]);
  const [entry] = (await t.request('/api/admin/audit?action=invite-accept', { cookie: admin })).body.entries;
  assert.equal([entry.actor, entry.target, entry.detail], ['OLGA', invite.id, { username: 'olga', role: 'admin', provider: ID, providerName: 'Fake SSO' }]);
  // Used up: a second person is told so before going to the provider.
  const reuse = await t.request(`/api/auth/providers/${ID}/start`, { method: 'POST', json: { invite: invite.token } });
  assert.equal([reuse.status, reuse.body.error], [404, GONE]);
  assert.equal((await t.request('/api/admin/invites', { cookie: admin })).body.invites.filter((i: any) => i.id === invite.id), []);
});

test("an audit entry written with a provider's id only is read with the provider's name", async ({ t, admin }) => {
  await t.core.orm.em.fork().getConnection().execute(`insert into core_audit (actor_name, action, target, detail) values ('Older', 'invite-accept', 'old-invite', ?)`, [JSON.stringify({ username: 'older', role: 'user', provider: ID })]);
  const entry = (await t.request('/api/admin/audit?action=invite-accept', { cookie: admin })).body.entries.find((e: any) => e.target === 'old-invite');
  assert.equal(entry.detail, { username: 'older', role: 'user', provider: ID, providerName: 'Fake SSO' });
  // A provider no longer installed keeps its id: nothing is invented.
  await t.core.orm.em.fork().getConnection().execute(`insert into core_audit (actor_name, action, target, detail) values ('Gone', 'invite-accept', 'gone-invite', ?)`, [JSON.stringify({ username: 'gone', role: 'user', provider: 'removed.sso' })]);
  const gone = (await t.request('/api/admin/audit?action=invite-accept', { cookie: admin })).body.entries.find((e: any) => e.target === 'gone-invite');
  assert.equal(gone.detail, { username: 'gone', role: 'user', provider: 'removed.sso' });
  // A provider as the target of an entry (its settings changed) is named as well.
  const [changed] = (await t.request('/api/admin/audit?action=provider-update', { cookie: admin })).body.entries;
  assert.equal([changed.target, changed.targetName], [ID, 'Fake SSO']);
});

test('an invite that expired or was used while the person was at the provider makes no account', async ({ t, admin }) => {
  const expired = await makeInvite(t, admin, 'user');
  const start = await t.request(`/api/auth/providers/${ID}/start`, { method: 'POST', json: { invite: expired.token } });
  assert.is(start.status, 200);
  await t.core.orm.em.fork().getConnection().execute(`update core_account_links set expires_at = now() - interval '1 minute' where id = ?`, [expired.id]);
  await t.request('/api/plugins/fake-sso/link', { method: 'POST', json: { code: new URL(start.body.url).searchParams.get('code'), externalId: 'ext-pia', username: 'pia' } });
  const late = await t.request(`/api/auth/providers/${ID}/finish`, { method: 'POST', json: { flow: start.body.flow } });
  assert.equal([late.status, late.body.error], [404, GONE]);
  assert.is(late.headers.get('set-cookie'), null, 'no session');
  const withdrawn = await makeInvite(t, admin, 'user');
  const started = await t.request(`/api/auth/providers/${ID}/start`, { method: 'POST', json: { invite: withdrawn.token } });
  await t.request(`/api/admin/invites/${withdrawn.id}`, { method: 'DELETE', cookie: admin });
  await t.request('/api/plugins/fake-sso/link', { method: 'POST', json: { code: new URL(started.body.url).searchParams.get('code'), externalId: 'ext-pia', username: 'pia' } });
  assert.is((await t.request(`/api/auth/providers/${ID}/finish`, { method: 'POST', json: { flow: started.body.flow } })).status, 404);
  const users = (await t.request('/api/admin/users', { cookie: admin })).body.users.map((u: any) => u.username);
  assert.not.ok(users.includes('pia'), 'no account was made');
  const bad = await t.request(`/api/auth/providers/${ID}/start`, { method: 'POST', json: { invite: 'not-a-whole-link' } });
  assert.equal([bad.status, bad.body.error], [400, 'Invite link: This invite link is not complete: copy the whole link again']);
});

test('an invite opened with a provider account that already has a MediaNest account is refused, and stays open', async ({ t, admin }) => {
  const invite = await makeInvite(t, admin, 'user');
  const res = await signInWith(t, 'ext-olga', 'Olga', invite.token);
  assert.equal([res.status, res.body.error], [409, 'This Fake SSO account already signs in to MediaNest as OLGA: sign in with Fake SSO instead (the invite stays unused)']);
  assert.is((await t.request(`/api/invites/${invite.token}`)).status, 200);
});

test('an expired or foreign flow is refused; a closed provider cannot finish', async ({ t, admin }) => {
  const bad = await t.request(`/api/auth/providers/${ID}/finish`, { method: 'POST', json: { flow: 'A'.repeat(32) } });
  assert.equal([bad.status, bad.body.error], [404, 'This sign-in has expired: start again']);
  const start = await t.request(`/api/auth/providers/${ID}/start`, { method: 'POST' });
  await t.request(`/api/admin/auth-providers/${ID}`, { method: 'PUT', cookie: admin, json: { open: false, newUsers: 'create' } });
  assert.is((await t.request(`/api/auth/providers/${ID}/finish`, { method: 'POST', json: { flow: start.body.flow } })).status, 404);
});

test.run();
