import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { assertPlainWords } from './support/plain-words.js';
import { PassThrough } from 'node:stream';
import { startTestCore, type TestCore } from '../testing.js';
import { fixturePlugin } from './support/fixtures.js';
import { connectSocket } from './support/socket.js';

const test = suite<{ t: TestCore; logs: string[] }>('setup, sign-in and sign-out');
// Shared between the steps of this story (uvu hands each test a copy of the context).
let code = '';
let admin = '';

test.before(async (ctx) => {
  ctx.logs = [];
  const stream = new PassThrough();
  stream.on('data', (c) => ctx.logs.push(String(c)));
  ctx.t = await startTestCore({ plugins: { hello: { path: fixturePlugin('hello') } }, logStream: stream, logLevel: 'info', signInRateLimit: '10/min', trustProxy: true });
});
test.after(async (ctx) => ctx.t?.stop());

const cookieOf = (res: { headers: Headers }) => (res.headers.get('set-cookie') ?? '').split(';')[0]!;

test('a fresh portal waits to be claimed and prints a one-time setup code in the log', async (ctx) => {
  assert.equal((await ctx.t.request('/api/setup')).body, { needed: true });
  const m = /setup code ([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})/.exec(ctx.logs.join(''));
  assert.ok(m, 'the code is in the log');
  code = m![1]!;
});

test('a wrong setup code is refused and creates nothing', async ({ t }) => {
  const res = await t.request('/api/setup', { method: 'POST', json: { code: 'AAAA-BBBB-CCCC', username: 'ada', password: 'correct horse battery' } });
  assert.is(res.status, 403);
  assert.match(res.body.error, /setup code is wrong or used up/);
  assert.equal((await t.request('/api/setup')).body, { needed: true });
});

test('the setup code creates the admin account and signs them in, once', async (ctx) => {
  const res = await ctx.t.request('/api/setup', { method: 'POST', json: { code: code.toLowerCase(), username: 'Ada', password: 'correct horse battery', displayName: 'Ada L.' } });
  assert.is(res.status, 201);
  assert.is(res.body.user.role, 'admin');
  assert.match(res.headers.get('set-cookie') ?? '', /mn_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax/);
  admin = cookieOf(res);
  assert.equal((await ctx.t.request('/api/me', { cookie: admin })).body.user, { id: res.body.user.id, name: 'Ada L.', role: 'admin' });
  assert.is((await ctx.t.request('/api/admin/plugins', { cookie: admin })).status, 200);
  const again = await ctx.t.request('/api/setup', { method: 'POST', json: { code, username: 'eve', password: 'correct horse battery' } });
  assert.is(again.status, 409);
  assert.equal((await ctx.t.request('/api/setup')).body, { needed: false });
});

test('setup refuses weak input with the field and the rule', async ({ t }) => {
  const res = await t.request('/api/setup', { method: 'POST', json: { code: 'x', username: 'A B', password: 'short' } });
  assert.is(res.status, 400);
  assert.match(res.body.error, /Password: Use at least 10 characters/);
  assert.match(res.body.error, /Username: Use letters, digits, dots, dashes or underscores/);
  assertPlainWords(res.body.error);
});

test('a wrong password and an unknown user get the same answer, and the failure is logged', async ({ t, logs }) => {
  const wrong = await t.request('/api/auth/login', { method: 'POST', json: { username: 'ada', password: 'not the password' } });
  const unknown = await t.request('/api/auth/login', { method: 'POST', json: { username: 'nobody', password: 'not the password' } });
  assert.equal([wrong.status, wrong.body.error], [401, 'Wrong username or password']);
  assert.equal([unknown.status, unknown.body.error], [401, 'Wrong username or password']);
  assert.match(logs.join(''), /failed sign-in/);
  assert.not.match(logs.join(''), /not the password/);
});

test('signing in gives a session; signing out ends it on the next request and closes its open socket', async ({ t }) => {
  const res = await t.request('/api/auth/login', { method: 'POST', json: { username: 'ADA', password: 'correct horse battery' } });
  assert.is(res.status, 200);
  const cookie = cookieOf(res);
  assert.is((await t.request('/api/plugins/hello/whoami', { cookie })).status, 200);
  const socket = await connectSocket(t.url, cookie);
  const closed = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
  const out = await t.request('/api/auth/logout', { method: 'POST', cookie });
  assert.is(await Promise.race([closed, new Promise((r) => setTimeout(() => r('still open'), 3000))]), 'io server disconnect');
  assert.is(out.status, 204);
  assert.match(out.headers.get('set-cookie') ?? '', /mn_session=; .*Max-Age=0/);
  assert.is((await t.request('/api/plugins/hello/whoami', { cookie })).status, 401);
});

test('a state-changing request without the CSRF token, or with a wrong one, is refused', async ({ t }) => {
  const none = await t.request('/api/plugins/hello/echo', { method: 'POST', json: { name: 'x', count: 1 }, cookie: admin, csrf: false } as any);
  assert.is(none.status, 403);
  assert.match(none.body.error, /CSRF token/);
  const wrong = await t.request('/api/plugins/hello/echo', { method: 'POST', json: { name: 'x', count: 1 }, cookie: admin, headers: { 'x-csrf-token': 'forged' } });
  assert.is(wrong.status, 403);
  const reads = await t.request('/api/plugins/hello/hello', { csrf: false } as any);
  assert.is(reads.status, 200);
});

test('loading the portal hands out the CSRF cookie', async ({ t }) => {
  const res = await t.request('/', { csrf: false } as any);
  assert.match(res.headers.get('set-cookie') ?? '', /mn_csrf=[A-Za-z0-9_-]{20,}; Path=\/; SameSite=Strict/);
});

test('wrong passwords past the limit (10 a minute here) get a 429 with Retry-After', async ({ t }) => {
  const statuses = [];
  let last;
  for (let i = 0; i < 11; i++) {
    last = await t.request('/api/auth/login', { method: 'POST', json: { username: 'someone', password: 'guess number ' + i }, headers: { 'x-forwarded-for': '10.9.9.9' } });
    statuses.push(last.status);
  }
  assert.is(statuses.at(-1), 429);
  assert.ok(statuses.slice(0, 2).every((s) => s === 401));
  const retry = Number(last!.headers.get('retry-after'));
  assert.ok(retry >= 1 && retry <= 60, `Retry-After ${retry}`);
  // Retry-After is at most the 60 s window: under a minute it reads "59 seconds", a whole one "1:00 minutes".
  assert.match(last!.body.error, /^Too many wrong passwords for this account from here: try again in (\d+ seconds?|1:00 minutes)$/);
});

test.run();
