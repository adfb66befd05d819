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

async function signInWith(t: TestCore, externalId: string, username: string) {
  const start = await t.request(`/api/auth/providers/${ID}/start`, { method: 'POST' });
  assert.is(start.status, 200);
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

test('an expired or foreign flow is refused; a closed provider cannot finish', async ({ t, admin }) => {
  const bad = await t.request(`/api/auth/providers/${ID}/finish`, { method: 'POST', json: { flow: 'A'.repeat(32) } });
  assert.equal([bad.status, bad.body.error], [404, 'This sign-in has expired: start again']);
  const start = await t.request(`/api/auth/providers/${ID}/start`, { method: 'POST' });
  await t.request(`/api/admin/auth-providers/${ID}`, { method: 'PUT', cookie: admin, json: { open: false, newUsers: 'create' } });
  assert.is((await t.request(`/api/auth/providers/${ID}/finish`, { method: 'POST', json: { flow: start.body.flow } })).status, 404);
});

test.run();
