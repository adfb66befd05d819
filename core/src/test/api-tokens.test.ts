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

// Each process answers a token from what it read for at most a second (TOKEN_CACHE_MS): a change of
// its owner reaches every request within that second, and never later.
async function secondsUntil(check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > 3000) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  return (Date.now() - started) / 1000;
}

test("a disabled owner's token stops working within a second", async ({ t }) => {
  const admin = await t.sessionCookie('admin');
  const made = await t.request('/api/admin/users', { method: 'POST', cookie: admin, json: { username: 'sam', password: 'a long first password', role: 'user' } });
  const login = await t.request('/api/auth/login', { method: 'POST', json: { username: 'sam', password: 'a long first password' } });
  const sam = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const samToken = (await t.request('/api/tokens', { method: 'POST', cookie: sam, json: { name: 'sync' } })).body.token;
  assert.is((await bearer(t, '/api/plugins/hello/whoami', samToken)).status, 200);
  assert.is((await t.request(`/api/admin/users/${made.body.user.id}`, { method: 'PATCH', cookie: admin, json: { disabled: true } })).status, 200);
  const took = await secondsUntil(async () => (await bearer(t, '/api/plugins/hello/whoami', samToken)).status === 401);
  assert.ok(took <= 1.1, `refused after ${took} s`);
  assert.is((await bearer(t, '/api/plugins/hello/whoami', samToken)).status, 401);
});

test("a demoted admin's token loses the admin routes within a second", async ({ t }) => {
  const admin = await t.sessionCookie('admin');
  // Two admins in the accounts table: the last one could not be demoted.
  await t.request('/api/admin/users', { method: 'POST', cookie: admin, json: { username: 'ann', password: 'a long first password', role: 'admin' } });
  const made = await t.request('/api/admin/users', { method: 'POST', cookie: admin, json: { username: 'ada', password: 'a long first password', role: 'admin' } });
  const login = await t.request('/api/auth/login', { method: 'POST', json: { username: 'ada', password: 'a long first password' } });
  const ada = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const adaToken = (await t.request('/api/tokens', { method: 'POST', cookie: ada, json: { name: 'admin script' } })).body.token;
  assert.is((await bearer(t, '/api/admin/plugins', adaToken)).status, 200);
  assert.is((await t.request(`/api/admin/users/${made.body.user.id}`, { method: 'PATCH', cookie: admin, json: { role: 'user' } })).status, 200);
  const took = await secondsUntil(async () => (await bearer(t, '/api/admin/plugins', adaToken)).status === 403);
  assert.ok(took <= 1.1, `refused after ${took} s`);
  const who = await bearer(t, '/api/plugins/hello/whoami', adaToken);
  assert.equal([who.status, who.body.user.role], [200, 'user']);
});

test.run();
