import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { assertPlainWords } from './support/plain-words.js';
import { readFile } from 'node:fs/promises';
import { startTestCore, type TestCore } from '../testing.js';
import { fixturePlugin } from './support/fixtures.js';

const test = suite<{ t: TestCore; admin: string }>('plugin settings from the admin page');
const SECRET = 'plex-token-7f3a9c';

test.before(async (ctx) => {
  ctx.t = await startTestCore({ plugins: { hello: { path: fixturePlugin('hello'), config: { greeting: 'Hi' } } } });
  ctx.admin = await ctx.t.sessionCookie('admin');
});
test.after(async (ctx) => ctx.t?.stop());

const put = (t: TestCore, admin: string, settings: object) => t.request('/api/admin/plugins/hello/settings', { method: 'PUT', cookie: admin, json: { settings } });

test('the settings form gets the schema and the values, with secrets marked write-only', async ({ t, admin }) => {
  const res = await t.request('/api/admin/plugins/hello/settings', { cookie: admin });
  assert.is(res.status, 200);
  assert.equal(res.body.settings, { greeting: 'Hi' });
  assert.is(res.body.schema.properties.token['x-secret'], true);
  assert.is(res.body.schema.properties.token.writeOnly, true);
});

test('a secret entered by the admin is encrypted at rest, reaches the plugin, and never comes back', async ({ t, admin }) => {
  const res = await put(t, admin, { greeting: 'Hey', token: SECRET });
  assert.is(res.status, 200);
  assert.equal(res.body.settings, { greeting: 'Hey', token: { $secret: 'set' } });
  const file = await readFile(t.pluginsFile, 'utf8');
  assert.not.ok(file.includes(SECRET), 'the secret is not in plugins.json in clear');
  assert.match(JSON.parse(file).plugins.hello.config.token.$enc, /^v1:/);
  assert.equal((await t.request('/api/plugins/hello/token-length', { cookie: admin })).body, { length: SECRET.length });
  assert.equal((await t.request('/api/plugins/hello/hello')).body, { message: 'Hey, world' });
  for (const path of ['/api/admin/plugins/hello/settings', '/api/admin/plugins', '/api/status', '/api/openapi.json', '/api/admin/audit']) {
    assert.not.ok((await t.request(path, { cookie: admin })).text.includes(SECRET), `${path} keeps the secret`);
  }
});

test('keeping a secret while changing other settings leaves it as it was', async ({ t, admin }) => {
  const before = JSON.parse(await readFile(t.pluginsFile, 'utf8')).plugins.hello.config.token;
  const res = await put(t, admin, { greeting: 'Yo', token: { $secret: 'keep' } });
  assert.is(res.status, 200);
  assert.equal(JSON.parse(await readFile(t.pluginsFile, 'utf8')).plugins.hello.config.token, before);
  assert.equal((await t.request('/api/plugins/hello/token-length', { cookie: admin })).body, { length: SECRET.length });
});

test('invalid settings are refused with the field and the rule, and nothing is written', async ({ t, admin }) => {
  const before = await readFile(t.pluginsFile, 'utf8');
  const res = await put(t, admin, { greeting: 42, token: 'abc' });
  assert.is(res.status, 400);
  assert.match(res.body.error, /Greeting: Enter text/);
  assert.match(res.body.error, /Token: Use at least 4 characters/);
  assertPlainWords(res.body.error);
  assert.equal(res.body.details.map((d: any) => [d.in, d.field]), [['config', 'greeting'], ['config', 'token']]);
  assert.not.ok(res.text.includes('"abc"'));
  assert.is(await readFile(t.pluginsFile, 'utf8'), before);
});

test('a secret saved with another key makes the plugin fail with a reason, not a crash', async ({ t, admin }) => {
  const file = JSON.parse(await readFile(t.pluginsFile, 'utf8'));
  file.plugins.hello.config.token = { $enc: 'v1:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA:AAAA' };
  await t.writePlugins(JSON.stringify(file));
  const record = await t.waitFor(() => (t.core.host.records.get('hello')!.state === 'failed' ? t.core.host.records.get('hello') : undefined), 5000, 'the plugin to fail');
  assert.match(record!.reason!, /encrypted with another key/);
  assert.is((await t.request('/api/health')).status, 200);
});

test.run();
