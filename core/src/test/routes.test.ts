import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { assertPlainWords } from './support/plain-words.js';
import { startTestCore, type TestCore } from '../testing.js';
import { fixturePlugin } from './support/fixtures.js';

const test = suite<{ t: TestCore; user: string; admin: string }>('routes');

test.before(async (ctx) => {
  ctx.t = await startTestCore({ plugins: { hello: { path: fixturePlugin('hello'), config: { token: 'p4ssw0rd-leak' } } } });
  ctx.user = await ctx.t.sessionCookie('user', { id: 'u1', name: 'Uma' });
  ctx.admin = await ctx.t.sessionCookie('admin', { id: 'a1', name: 'Ada' });
});
test.after(async (ctx) => ctx.t?.stop());

test('a user route answers 401 to anonymous callers and 200 to a signed-in user', async ({ t, user }) => {
  const anon = await t.request('/api/plugins/hello/whoami');
  assert.is(anon.status, 401);
  assert.match(anon.body.error, /Sign in/);
  const signedIn = await t.request('/api/plugins/hello/whoami', { cookie: user });
  assert.is(signedIn.status, 200);
  assert.equal(signedIn.body.user, { id: 'u1', name: 'Uma', role: 'user' });
});

test('an admin route answers 401 anonymous, 403 to a user and 200 to an admin', async ({ t, user, admin }) => {
  assert.is((await t.request('/api/plugins/hello/admin-only')).status, 401);
  assert.is((await t.request('/api/plugins/hello/admin-only', { cookie: user })).status, 403);
  assert.is((await t.request('/api/plugins/hello/admin-only', { cookie: admin })).status, 200);
});

test('a forged or expired session cookie counts as anonymous', async ({ t }) => {
  const res = await t.request('/api/plugins/hello/whoami', { cookie: 'mn_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
  assert.is(res.status, 401);
});

test('a valid body is accepted with the status the handler chose', async ({ t }) => {
  const res = await t.request('/api/plugins/hello/echo', { method: 'POST', json: { name: 'x', count: 2 } });
  assert.is(res.status, 201);
  assert.equal(res.body, { name: 'x', count: 2 });
});

test('an invalid body is a 400 naming each field in plain words, with each field and rule in details', async ({ t }) => {
  const res = await t.request('/api/plugins/hello/echo', { method: 'POST', json: { name: '', count: 'two', extra: 1 } });
  assert.is(res.status, 400);
  assert.match(res.body.error, /Name: Fill this in/);
  assert.match(res.body.error, /Count: Enter a whole number/);
  assert.match(res.body.error, /Extra: This is not something that can be set here/);
  assertPlainWords(res.body.error);
  const rules = res.body.details.map((d: any) => `${d.field}:${d.rule}`).sort();
  assert.equal(rules, ['count:type', 'extra:additionalProperties', 'name:minLength']);
  for (const d of res.body.details) assertPlainWords(d.message);
  assert.type(res.body.requestId, 'string');
});

test('a missing body and malformed JSON are 400s that say so', async ({ t }) => {
  const missing = await t.request('/api/plugins/hello/echo', { method: 'POST' });
  assert.is(missing.status, 400);
  assert.match(missing.body.error, /Name: Fill this in/);
  const malformed = await t.request('/api/plugins/hello/echo', { method: 'POST', body: '{"name":', headers: { 'content-type': 'application/json' } });
  assert.is(malformed.status, 400);
  assert.match(malformed.body.error, /The request body is not valid JSON: check its quotes, commas and brackets/);
});

test('path and query parameters are validated and coerced', async ({ t }) => {
  const ok = await t.request('/api/plugins/hello/items/42?limit=3');
  assert.equal(ok.body, { id: '42', limit: 3 });
  const defaulted = await t.request('/api/plugins/hello/items/42');
  assert.equal(defaulted.body, { id: '42', limit: 5 });
  const badParam = await t.request('/api/plugins/hello/items/abc');
  assert.is(badParam.status, 400);
  assert.match(badParam.body.error, /Id: Check what you typed/);
  assertPlainWords(badParam.body.error);
  const badQuery = await t.request('/api/plugins/hello/items/42?limit=99');
  assert.is(badQuery.status, 400);
  assert.match(badQuery.body.error, /Limit: Enter 10 or less/);
});

test('an SDK error becomes its status and message', async ({ t }) => {
  const res = await t.request('/api/plugins/hello/items/404');
  assert.is(res.status, 404);
  assert.is(res.body.error, 'No item 404');
});

test('a throwing handler is a 500 with a request id and no stack or secret', async ({ t }) => {
  const res = await t.request('/api/plugins/hello/boom', { headers: { 'x-request-id': 'test-request-123' } });
  assert.is(res.status, 500);
  assert.is(res.body.requestId, 'test-request-123');
  assert.is(res.headers.get('x-request-id'), 'test-request-123');
  assert.not.match(res.text, /p4ssw0rd-leak/);
  assert.not.match(res.text, /at .*\.js:\d+/);
  const after = await t.request('/api/plugins/hello/hello');
  assert.is(after.status, 200);
});

test('an answer that breaks its response schema is a 500, not bad data', async ({ t }) => {
  const res = await t.request('/api/plugins/hello/bad-answer');
  assert.is(res.status, 500);
});

test('undefined from a handler is a 204', async ({ t }) => {
  const res = await t.request('/api/plugins/hello/nothing', { method: 'DELETE' });
  assert.is(res.status, 204);
});

test('unknown routes and plugins are JSON 404s; a wrong method is 405', async ({ t }) => {
  const unknown = await t.request('/api/nope');
  assert.is(unknown.status, 404);
  assert.match(unknown.body.error, /No route GET \/api\/nope/);
  const plugin = await t.request('/api/plugins/ghost/x');
  assert.is(plugin.status, 404);
  assert.match(plugin.body.error, /Plugin "ghost" is not running/);
  const inPlugin = await t.request('/api/plugins/hello/nope');
  assert.is(inPlugin.status, 404);
  const method = await t.request('/api/plugins/hello/hello', { method: 'PUT', json: {} });
  assert.is(method.status, 405);
});

test('JSON answers carry the short API security headers', async ({ t }) => {
  const res = await t.request('/api/plugins/hello/hello');
  assert.is(res.headers.get('content-security-policy'), "default-src 'none'; frame-ancestors 'none'");
  assert.is(res.headers.get('x-content-type-options'), 'nosniff');
  assert.is(res.headers.get('x-frame-options'), 'DENY');
  assert.is(res.headers.get('referrer-policy'), 'no-referrer');
});

// A route's JSON goes out in one write unless something else set a header (see http/answer.ts):
// both paths must send the same pipeline headers, a true Content-Length and the handler's own headers.
const API_HEADERS = ['x-request-id', 'content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'cross-origin-resource-policy'];

test('every JSON answer has the request id, the API headers and its exact length, with or without a cookie set on it', async ({ t, user }) => {
  const plain = await t.request('/api/plugins/hello/hello');
  // /api/me without the CSRF cookie also hands one out: the answer then carries a Set-Cookie.
  const withCookie = await t.request('/api/me', { cookie: user, csrf: false });
  assert.ok(withCookie.headers.get('set-cookie')?.includes('mn_csrf='), 'the CSRF cookie is handed out');
  const created = await t.request('/api/plugins/hello/echo', { method: 'POST', json: { name: 'a', count: 2 } });
  assert.is(created.status, 201);
  for (const res of [plain, withCookie, created]) {
    for (const name of API_HEADERS) assert.ok(res.headers.get(name), `${name} is sent`);
    assert.is(res.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.is(Number(res.headers.get('content-length')), Buffer.byteLength(res.text));
  }
  assert.equal(withCookie.body.user.id, 'u1');
  assert.equal(created.body, { name: 'a', count: 2 });
  assert.is.not(plain.headers.get('x-request-id'), created.headers.get('x-request-id'));
});

test('HEAD of a JSON route answers its headers and length without the body', async ({ t }) => {
  const get = await t.request('/api/plugins/hello/hello');
  const head = await fetch(`${t.url}/api/plugins/hello/hello`, { method: 'HEAD' });
  assert.is(head.status, 200);
  assert.is(head.headers.get('content-length'), get.headers.get('content-length'));
  assert.is(head.headers.get('x-frame-options'), 'DENY');
  assert.is(await head.text(), '');
});

test("a handler's own status, body and headers are kept, and its header wins over the pipeline's", async ({ t }) => {
  const res = await t.request('/api/plugins/hello/cached-missing');
  assert.is(res.status, 404);
  assert.equal(res.body, { missing: 'thing' }); // not replaced by "No route"
  assert.is(res.headers.get('cache-control'), 'max-age=60');
  assert.is(res.headers.get('x-frame-options'), 'SAMEORIGIN');
  assert.is(res.headers.get('content-security-policy'), "default-src 'none'; frame-ancestors 'none'");
  assert.ok(res.headers.get('x-request-id'));
  assert.is(Number(res.headers.get('content-length')), Buffer.byteLength(res.text));
});

test('pages carry helmet headers and a CSP that allows no inline script but the hashed import map', async ({ t }) => {
  const res = await t.request('/');
  const csp = res.headers.get('content-security-policy') ?? '';
  const scriptSrc = /script-src[^;]*/.exec(csp)![0];
  assert.match(scriptSrc, /'self'/);
  assert.not.match(scriptSrc, /unsafe-inline/);
  assert.match(scriptSrc, /'sha256-[A-Za-z0-9+/=]+'/);
  assert.not.match(/style-src[^;]*/.exec(csp)![0], /unsafe-inline/);
  assert.is(res.headers.get('x-content-type-options'), 'nosniff');
  assert.ok(res.headers.get('x-frame-options'));
});

test('a wrong method on a core route is a 405 naming the allowed ones', async ({ t }) => {
  const res = await t.request('/api/health', { method: 'POST', json: {} });
  assert.is(res.status, 405);
  assert.match(res.headers.get('allow') ?? '', /GET/);
});

test('the OpenAPI document lists core and plugin routes with their auth level', async ({ t }) => {
  const res = await t.request('/api/openapi.json');
  assert.is(res.status, 200);
  assert.is(res.body.openapi, '3.1.0');
  assert.is(res.body.paths['/api/plugins/hello/whoami'].get['x-auth'], 'user');
  assert.is(res.body.paths['/api/plugins/hello/admin-only'].get['x-auth'], 'admin');
  assert.ok(res.body.paths['/api/plugins/hello/items/{id}'].get.parameters.some((p: any) => p.name === 'id' && p.in === 'path'));
  assert.ok(res.body.paths['/api/plugins/hello/echo'].post.requestBody);
  assert.is(res.body.paths['/api/health'].get['x-auth'], 'public');
});

test('the UI manifest lists only the widgets and pages the caller may see', async ({ t, user, admin }) => {
  const tags = async (cookie?: string) => {
    const m = (await t.request('/api/ui/manifest', { cookie })).body;
    return [...m.widgets, ...m.pages].map((w: any) => w.tag).sort();
  };
  assert.equal(await tags(), [], 'signed-out visitors get no widgets unless PUBLIC_DASHBOARD=true');
  assert.equal(await tags(user), ['mn-hello-card', 'mn-hello-members']);
  assert.equal(await tags(admin), ['mn-hello-admin', 'mn-hello-card', 'mn-hello-members']);
});

test.run();
