import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile } from 'node:fs/promises';
import { startTestCore, type TestCore } from '../testing.js';
import { fixturePlugin } from './support/fixtures.js';
import { csrfHeaders, rawRequest } from './support/raw-http.js';

// Input a person (or a script) can send that the portal cannot store or should not parse gets a
// 400/405/413 that says what to change, never a 500.
const test = suite<{ t: TestCore; admin: string }>('bad input is refused with a message, never a 500');

test.before(async (ctx) => {
  ctx.t = await startTestCore({ plugins: { hello: { path: fixturePlugin('hello') } } });
  ctx.admin = await ctx.t.sessionCookie('admin', { id: 'a1', name: 'Ada' });
});
test.after(async (ctx) => ctx.t?.stop());

const NUL_OR_BROKEN = /Remove the character that cannot be saved \(a NUL byte or a broken Unicode character\) and try again/;

test('a NUL byte in the anonymous sign-in is a 400 naming the field', async ({ t }) => {
  const res = await t.request('/api/auth/login', { method: 'POST', json: { username: 'a\u0000b', password: 'whatever-long' } });
  assert.is(res.status, 400, res.text);
  assert.match(res.body.error, NUL_OR_BROKEN);
  assert.equal(res.body.details.map((d: any) => `${d.in}:${d.field}`), ['body:username']);
});

test('a lone surrogate in a body, even in a key, is a 400', async ({ t }) => {
  const body = '{"name":"ok","count":1,"nested":{"\\ud800x":1}}';
  const res = await t.request('/api/plugins/hello/echo', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  assert.is(res.status, 400, res.text);
  assert.match(res.body.error, NUL_OR_BROKEN);
  const inValue = await t.request('/api/plugins/hello/echo', { method: 'POST', body: '{"name":"\\udc00","count":1}', headers: { 'content-type': 'application/json' } });
  assert.is(inValue.status, 400);
});

test('NUL in a path parameter or query of core and plugin routes is a 400', async ({ t, admin }) => {
  for (const path of ['/api/admin/users/a%00b', '/api/plugins/hello/items/1%002', '/api/admin/audit?actor=a%00b', '/api/tokens/x%00']) {
    const method = path.startsWith('/api/tokens') ? 'DELETE' : path.startsWith('/api/admin/users') ? 'PATCH' : 'GET';
    const res = await t.request(path, { method, cookie: admin, ...(method === 'PATCH' ? { json: { role: 'user' } } : {}) });
    assert.is(res.status, 400, `${method} ${path}: ${res.text}`);
    assert.match(res.body.error, NUL_OR_BROKEN);
  }
});

test('a number too large for the database is a 400, not a 500', async ({ t, admin }) => {
  const res = await t.request('/api/admin/audit?before=99999999999999999999', { cookie: admin });
  assert.is(res.status, 400, res.text);
  assert.is((await t.request('/api/admin/audit?before=999999999999999999', { cookie: admin })).status, 200);
});

test('TRACE, PROPFIND and OPTIONS answer 405 with Allow on fixed, parameterised and plugin routes', async ({ t, admin }) => {
  for (const [method, path, allow] of [
    ['TRACE', '/api/health', /GET/],
    ['PROPFIND', '/api/admin/users/u1', /PATCH/],
    ['TRACE', '/api/tokens/abc', /DELETE/],
    ['PROPFIND', '/api/plugins/hello/items/1', /GET/],
    ['TRACE', '/api/plugins/hello/hello', /GET/],
    ['OPTIONS', '/api/plugins/hello/echo', /POST/],
  ] as const) {
    // With the CSRF pair a page sends: without it, a state-changing method is refused (403) first.
    const res = await rawRequest(t.url, method, path, await csrfHeaders(admin));
    assert.is(res.status, 405, `${method} ${path}: ${res.status} ${res.text}`);
    assert.match(String(res.headers.allow ?? ''), allow);
    assert.match(res.body.error, new RegExp(`${method} is not allowed here; use `));
  }
});

test('JSON nested deeper than 32 levels is refused before it is parsed', async ({ t }) => {
  const deep = '['.repeat(200_000) + ']'.repeat(200_000);
  const res = await t.request('/api/plugins/hello/echo', { method: 'POST', body: deep, headers: { 'content-type': 'application/json' } });
  assert.is(res.status, 400);
  assert.match(res.body.error, /nests deeper than 32 levels: send a flatter document/);
  const fine = '{"name":"x","count":1,"a":' + '['.repeat(20) + ']'.repeat(20) + '}';
  assert.is((await t.request('/api/plugins/hello/echo', { method: 'POST', body: fine, headers: { 'content-type': 'application/json' } })).status, 400, 'refused by its schema, not its depth');
  const brackets = '{"name":"' + '['.repeat(100) + '","count":1}';
  assert.is((await t.request('/api/plugins/hello/echo', { method: 'POST', body: brackets, headers: { 'content-type': 'application/json' } })).status, 201, 'brackets inside strings do not count');
});

test('a body over 1 MB is a 413 and a __proto__ key a 400', async ({ t }) => {
  const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10), count: 1 });
  const res = await t.request('/api/plugins/hello/echo', { method: 'POST', body: big, headers: { 'content-type': 'application/json' } });
  assert.is(res.status, 413);
  assert.match(res.body.error, /larger than 1 MB/);
  const poisoned = await t.request('/api/plugins/hello/echo', { method: 'POST', body: '{"name":"x","count":1,"__proto__":{"admin":true}}', headers: { 'content-type': 'application/json' } });
  assert.is(poisoned.status, 400);
  assert.match(poisoned.body.error, /"__proto__"/);
  assert.is(({} as any).admin, undefined);
});

test('20 settings saves at once all succeed and the file holds the last of them', async ({ t, admin }) => {
  const saves = await Promise.all(
    Array.from({ length: 20 }, (_, i) => t.request('/api/admin/plugins/hello/settings', { method: 'PUT', cookie: admin, json: { settings: { greeting: `Hi ${i}` } } })),
  );
  assert.equal(saves.map((s) => s.status), Array(20).fill(200), saves.map((s) => s.text).join('\n'));
  const file = JSON.parse(await readFile(t.pluginsFile, 'utf8'));
  assert.match(file.plugins.hello.config.greeting, /^Hi \d+$/);
  const got = await t.request('/api/admin/plugins/hello/settings', { cookie: admin });
  assert.is(got.body.settings.greeting, file.plugins.hello.config.greeting);
});

test('a save made from settings someone else changed meanwhile is a 409, not a silent overwrite', async ({ t, admin }) => {
  const opened = await t.request('/api/admin/plugins/hello/settings', { cookie: admin });
  const version = opened.body.version;
  assert.type(version, 'string');
  const first = await t.request('/api/admin/plugins/hello/settings', { method: 'PUT', cookie: admin, json: { settings: { greeting: 'First' }, version } });
  assert.is(first.status, 200, first.text);
  const second = await t.request('/api/admin/plugins/hello/settings', { method: 'PUT', cookie: admin, json: { settings: { greeting: 'Second' }, version } });
  assert.is(second.status, 409);
  assert.match(second.body.error, /Someone saved these settings since you opened them: reload/);
  const file = JSON.parse(await readFile(t.pluginsFile, 'utf8'));
  assert.is(file.plugins.hello.config.greeting, 'First');
  const again = await t.request('/api/admin/plugins/hello/settings', { method: 'PUT', cookie: admin, json: { settings: { greeting: 'Second' }, version: first.body.version } });
  assert.is(again.status, 200);
});

test.run();
