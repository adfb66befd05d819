import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type AddressInfo } from 'node:net';
import type { TestCore } from '@medianest/sdk/testing';
import { FakeOverseerr } from './support/fake-overseerr.js';
import { UMA, startWithFake } from './support/harness.js';

// Overseerr down, slow, with a changed API key, or answering enum values newer than this plugin:
// household words for members, the cause for admins, no crash. And the admin's "Test connection".
let t: TestCore;
let fake: FakeOverseerr;
let uma: string;
let admin: string;
const test = suite('overseerr: faults and the connection test');
const AWAY = "Requests aren't available right now; try again in a little while";

test.before(async () => {
  fake = await FakeOverseerr.start();
  t = await startWithFake(fake, { timeout: '1s' });
  uma = await t.sessionCookie('user', UMA);
  admin = await t.sessionCookie('admin', { id: 'u-admin', name: 'Admin' });
  await t.request('/api/plugins/overseerr/me', { cookie: uma });
  await t.request(`/api/plugins/overseerr/people/${UMA.id}`, { method: 'PUT', cookie: admin, json: { overseerrUserId: 2 } });
});
test.after(async () => {
  await t?.stop();
  await fake?.stop();
});

const search = (cookie: string, q: string) => t.request(`/api/plugins/overseerr/search?q=${q}`, { cookie });
const testSettings = (settings: Record<string, unknown>) => t.request('/api/admin/plugins/overseerr/settings/test', { method: 'POST', cookie: admin, json: { settings } });

test('"Test connection" names the server, its version and the account; a wrong key or address says which', async () => {
  const ok = await testSettings({ baseUrl: fake.url, apiKey: fake.apiKey });
  assert.is(ok.status, 200, ok.text);
  assert.equal(ok.body, { ok: true, message: 'Reached Overseerr 1.33 as admin@home.lan' });
  const wrongKey = await testSettings({ baseUrl: fake.url, apiKey: 'not-the-key-0123456789' });
  assert.is(wrongKey.body.ok, false);
  assert.is(wrongKey.body.message, 'Reached Overseerr 1.33, but it refused the API key');
  assert.match(wrongKey.body.detail, /paste the current one from Overseerr's Settings → General/);
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((r) => closed.close(r));
  const nowhere = await testSettings({ baseUrl: `http://127.0.0.1:${port}`, apiKey: fake.apiKey });
  assert.is(nowhere.body.ok, false);
  assert.match(nowhere.body.message, /^Could not reach it: cannot connect to Overseerr \(ECONNREFUSED\)/, nowhere.body.message);
  fake.publicExtra = { mediaServerType: 2 };
  fake.version = '2.7.3';
  assert.is((await testSettings({ baseUrl: fake.url, apiKey: fake.apiKey })).body.message, 'Reached Jellyseerr 2.7 as admin@home.lan');
  fake.version = '3.0.1';
  assert.is((await testSettings({ baseUrl: fake.url, apiKey: fake.apiKey })).body.message, 'Reached Seerr 3.0 as admin@home.lan');
  fake.publicExtra = {};
  fake.version = '1.33.2';
});

test('Overseerr down: members hear household words, admins the cause; nothing crashes', async () => {
  fake.down = true;
  try {
    const member = await search(uma, 'down1');
    assert.is(member.status, 503);
    assert.is(member.body.error, AWAY);
    const boss = await search(admin, 'down2');
    assert.is(boss.status, 503);
    assert.match(boss.body.error, /^Overseerr: cannot (connect to|reach) Overseerr/);
    assert.is((await t.request('/api/plugins/overseerr/counts', { cookie: admin })).status, 503);
  } finally {
    fake.down = false;
  }
  assert.is((await search(uma, 'matrix')).status, 200, 'back as soon as Overseerr is');
});

test('Overseerr slow: cut at the timeout, said so', async () => {
  fake.delayMs = 2500;
  try {
    const member = await search(uma, 'slow1');
    assert.is(member.status, 503);
    assert.is(member.body.error, AWAY);
    const boss = await search(admin, 'slow2');
    assert.match(boss.body.error, /did not answer within 1 s \(Overseerr is slow or stuck\)/);
  } finally {
    fake.delayMs = 0;
  }
});

test('API key changed in Overseerr: admins are told to paste the new one', async () => {
  fake.key = 'rotated-key-abcdefghijklmnop';
  try {
    assert.is((await search(uma, 'key1')).body.error, AWAY);
    const boss = await search(admin, 'key2');
    assert.is(boss.status, 503);
    assert.match(boss.body.error, /refused the API key \(403\).*paste the current one/);
    const made = await t.request('/api/plugins/overseerr/requests', { method: 'POST', cookie: uma, json: { mediaType: 'movie', tmdbId: 603 } });
    assert.is(made.status, 503, 'a key refusal is not blamed on her permissions');
    assert.is(made.body.error, AWAY);
  } finally {
    fake.key = fake.apiKey;
  }
});

test('media states newer than the plugin (Seerr BLOCKLISTED, others) are shown, never a crash', async () => {
  const made = await t.request('/api/plugins/overseerr/requests', { method: 'POST', cookie: uma, json: { mediaType: 'movie', tmdbId: 604 } });
  assert.is(made.status, 201, made.text);
  fake.media[0]!.status = 6;
  const found = await search(uma, 'reloaded');
  assert.is(found.body.results[0].availability, 'blocklisted');
  fake.media[0]!.status = 42;
  assert.is((await search(uma, 'matrix%20reloaded')).body.results[0].availability, 'unknown');
});

test.run();
