import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile } from 'node:fs/promises';
import { startTestCore, type TestCore } from '../testing.js';
import { fixturePlugin } from './support/fixtures.js';
import { assertPlainWords } from './support/plain-words.js';

const test = suite<{ t: TestCore; admin: string }>('testing plugin settings before saving them');
const SECRET = 'stored-token-1234';

test.before(async (ctx) => {
  ctx.t = await startTestCore({ plugins: { 'settings-test': { path: fixturePlugin('settings-test'), config: { address: 'http://127.0.0.1:9/nothing' } }, hello: { path: fixturePlugin('hello') } } });
  ctx.admin = await ctx.t.sessionCookie('admin');
  const saved = await ctx.t.request('/api/admin/plugins/settings-test/settings', { method: 'PUT', cookie: ctx.admin, json: { settings: { address: `${ctx.t.url}/api/health`, token: SECRET } } });
  assert.is(saved.status, 200);
});
test.after(async (ctx) => ctx.t?.stop());

const run = (t: TestCore, cookie: string, settings: object, id = 'settings-test') =>
  t.request(`/api/admin/plugins/${id}/settings/test`, { method: 'POST', cookie, json: { settings } });

test('the settings form is told the plugin has a test', async ({ t, admin }) => {
  assert.is((await t.request('/api/admin/plugins/settings-test/settings', { cookie: admin })).body.testable, true);
  assert.is((await t.request('/api/admin/plugins/hello/settings', { cookie: admin })).body.testable, false);
});

test('candidate settings are tested with the secret resolved from the stored one, and nothing is written', async ({ t, admin }) => {
  const before = await readFile(t.pluginsFile, 'utf8');
  const res = await run(t, admin, { address: `${t.url}/api/health`, token: { $secret: 'keep' } });
  assert.equal([res.status, res.body], [200, { ok: true, message: `Reached it (200) with a token of ${SECRET.length} characters` }]);
  const typed = await run(t, admin, { address: `${t.url}/api/health`, token: 'a-new-one' });
  assert.is(typed.body.message, 'Reached it (200) with a token of 9 characters');
  assert.is(await readFile(t.pluginsFile, 'utf8'), before, 'a test writes nothing');
  assert.equal((await t.request('/api/plugins/settings-test/token-length', { cookie: admin })).body, { length: SECRET.length });
  assert.not.ok(res.text.includes(SECRET));
});

test('a failing connection and a throwing test are answers for the admin, not errors', async ({ t, admin }) => {
  const failed = await run(t, admin, { address: `${t.url}/api/nothing-here` });
  assert.equal(failed.body, { ok: false, message: 'It answered with an error', detail: 'status 404' });
  const threw = await run(t, admin, { address: `${t.url}/throw` });
  assert.equal(threw.body, { ok: false, message: 'The test of Settings test fixture did not finish', detail: 'the test blew up' });
});

test('invalid candidate settings are a 400 with a message per field, in plain words', async ({ t, admin }) => {
  const res = await run(t, admin, { address: 'uptime.local:3001', token: 'ab' });
  assert.is(res.status, 400);
  assert.equal(res.body.details.map((d: any) => [d.field, d.label, d.message]), [
    ['address', 'Server address', 'Enter an address that starts with http:// or https://'],
    ['token', 'Token', 'Use at least 4 characters'],
  ]);
  assertPlainWords(res.body.error);
});

test('only admins may test, and a plugin without a test says so', async ({ t, admin }) => {
  const user = await t.sessionCookie('user');
  assert.is((await run(t, user, { address: `${t.url}/api/health` })).status, 403);
  const none = await run(t, admin, {}, 'hello');
  assert.equal([none.status, none.body.error], [404, 'Hello fixture has no connection test']);
});

test.run();
