import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile } from 'node:fs/promises';
import { startTestCore, type TestCore } from '@medianest/sdk/testing';
import { FakeKuma } from './support/fake-kuma.js';
import { monitor, nextPoll, pluginDir } from './support/harness.js';

// An admin sets the plugin up from the admin API (what the admin page's form sends), then turns it on.
let t: TestCore;
let fake: FakeKuma;
const test = suite('uptime-kuma plugin configured from the admin page');

test.before(async () => {
  fake = await FakeKuma.start();
  (fake as any).metrics = fake.metrics.replace(/^(monitor_response_time\{monitor_id="1",[^}]*\}) 5$/m, '$1 41');
  t = await startTestCore({ plugins: { 'uptime-kuma': { enabled: false, path: pluginDir, config: {} } } });
});
test.after(async () => {
  await t?.stop();
  await fake?.stop();
});

test('the settings form saves the API key encrypted, shows it only as "set", and the running plugin uses it', async () => {
  const admin = await t.sessionCookie('admin', { id: 'ada' });
  const form = await t.request('/api/admin/plugins/uptime-kuma/settings', { cookie: admin });
  assert.equal(Object.keys(form.body.schema.properties), ['baseUrl', 'statusPages', 'pollInterval', 'apiKey', 'timeout']);
  assert.is(form.body.schema.properties.apiKey['x-secret'], true);

  const bad = await t.request('/api/admin/plugins/uptime-kuma/settings', { method: 'PUT', cookie: admin, json: { settings: { baseUrl: 'kuma.lan', statusPages: ['home'] } } });
  assert.is(bad.status, 400);
  assert.equal(bad.body.details.map((d: any) => [d.field, d.label, d.message]), [['baseUrl', 'Uptime Kuma address', 'Enter an address that starts with http:// or https://']]);
  for (const [key, prop] of Object.entries<any>(form.body.schema.properties)) assert.type(prop.title, 'string', `${key} has a title`);

  // "Test connection" before saving: a wrong status page is named, the right settings are confirmed.
  assert.is(form.body.testable, true);
  const test = (settings: object) => t.request('/api/admin/plugins/uptime-kuma/settings/test', { method: 'POST', cookie: admin, json: { settings } });
  const unreachable = await test({ baseUrl: 'http://127.0.0.1:9', statusPages: ['home'], timeout: '1s' });
  assert.is(unreachable.body.ok, false);
  assert.match(unreachable.body.message, /^Cannot reach Uptime Kuma at http:\/\/127\.0\.0\.1:9: check the address/);
  assert.match(unreachable.body.detail, /cannot (connect to|reach) Uptime Kuma/);
  fake.pageModes.set('nope', 'missing');
  const wrongPage = await test({ baseUrl: fake.url, statusPages: ['home', 'nope'] });
  assert.is(wrongPage.body.ok, false);
  assert.match(wrongPage.body.message, /"nope" is not a status page there/);
  const good = await test({ baseUrl: fake.url, statusPages: ['home'], apiKey: fake.apiKey });
  assert.is(good.body.ok, true, JSON.stringify(good.body));
  assert.match(good.body.message, /^Reached Uptime Kuma in \d+ ms: ".+", response times readable with the API key$/);

  const saved = await t.request('/api/admin/plugins/uptime-kuma/settings', {
    method: 'PUT',
    cookie: admin,
    json: { settings: { baseUrl: fake.url, statusPages: ['home'], pollInterval: '10s', apiKey: fake.apiKey } },
  });
  assert.is(saved.status, 200, saved.text);
  assert.equal(saved.body.settings.apiKey, { $secret: 'set' });
  const file = await readFile(t.pluginsFile, 'utf8');
  assert.not.ok(file.includes(fake.apiKey), 'plugins.json holds no clear API key');
  assert.match(file, /"\$enc"/);

  assert.is((await t.request('/api/admin/plugins/uptime-kuma/enable', { method: 'POST', cookie: admin })).status, 200);
  const user = await t.sessionCookie('user');
  const view = await nextPoll(t, user, (v) => v.upstream.state === 'ok', null, 20_000, 'the first poll');
  assert.is(monitor(view, 'local-http-up').pingMs, 41, 'the decrypted key opened /metrics');
});

test.run();
