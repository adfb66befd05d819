import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestCore, type TestCore } from '../testing.js';
import { fixturePlugin } from './support/fixtures.js';

const test = suite<{ t: TestCore }>('personal API tokens');
let uma = '';
let token = '';
let tokenId = '';

test.before(async (ctx) => {
  ctx.t = await startTestCore({ plugins: { hello: { path: fixturePlugin('hello') } } });
  const admin = await ctx.t.sessionCookie('admin');
  const made = await ctx.t.request('/api/admin/users', { method: 'POST', cookie: admin, json: { username: 'uma', password: 'a long first password', role: 'user' } });
  const login = await ctx.t.request('/api/auth/login', { method: 'POST', json: { username: 'uma', password: 'a long first password' } });
  uma = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  assert.is(made.status, 201);
});
test.after(async (ctx) => ctx.t?.stop());

const bearer = (t: TestCore, path: string, value: string, init: RequestInit = {}) =>
  t.request(path, { ...init, csrf: false, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${value}` } } as any);

test('a user creates a token, sees its value once, and scripts call the API with it', async ({ t }) => {
  const res = await t.request('/api/tokens', { method: 'POST', cookie: uma, json: { name: 'backup script' } });
  assert.is(res.status, 201);
  assert.match(res.body.token, /^mnt_[A-Za-z0-9_-]{43}$/);
  assert.is(res.headers.get('cache-control'), 'no-store');
  token = res.body.token;
  tokenId = res.body.id;
  const listed = (await t.request('/api/tokens', { cookie: uma })).body.tokens;
  assert.equal(listed.map((x: any) => x.name), ['backup script']);
  assert.not.ok(JSON.stringify(listed).includes(token), 'the value is never shown again');
  const who = await bearer(t, '/api/plugins/hello/whoami', token);
  assert.equal([who.status, who.body.user.role], [200, 'user']);
});

test("a token acts with its owner's role: no admin routes for a user's token", async ({ t }) => {
  assert.is((await bearer(t, '/api/admin/plugins', token)).status, 403);
});

test('a script with a token needs no CSRF token; a wrong token is anonymous', async ({ t }) => {
  const post = await bearer(t, '/api/plugins/hello/echo', token, { method: 'POST', body: JSON.stringify({ name: 'x', count: 1 }), headers: { 'content-type': 'application/json' } });
  assert.is(post.status, 201);
  assert.is((await bearer(t, '/api/plugins/hello/whoami', 'mnt_not-a-real-token')).status, 401);
});

test('a revoked token stops working at once', async ({ t }) => {
  assert.is((await t.request(`/api/tokens/${tokenId}`, { method: 'DELETE', cookie: uma })).status, 204);
  assert.is((await bearer(t, '/api/plugins/hello/whoami', token)).status, 401);
  assert.is((await t.request(`/api/tokens/${tokenId}`, { method: 'DELETE', cookie: uma })).status, 404);
});

test.run();
