import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile } from 'node:fs/promises';
import { definePlugin } from '@medianest/sdk';
import { startTestCore, type TestCore } from '../testing.js';
import { fixturePlugin } from './support/fixtures.js';

const test = suite<{ t: TestCore }>('settings written by an older version of a plugin');
const path = fixturePlugin('settings-v3');
const secretRef = { $env: 'PATH' };

test.before(async (ctx) => {
  ctx.t = await startTestCore({ plugins: { 'settings-v3': { path, configVersion: 1, config: { url: 'http://nas.lan:8096', apiKey: secretRef } } } });
});
test.after(async ({ t }) => t?.stop());

const entryOnDisk = async (t: TestCore) => JSON.parse(await readFile(t.pluginsFile, 'utf8')).plugins['settings-v3'];

test('are upgraded step by step when the new version starts, and written back with their version', async ({ t }) => {
  const res = await t.request('/api/plugins/settings-v3/where');
  assert.equal(res.body, { host: 'nas.lan', port: 8096 });
  const entry = await t.waitFor(async () => ((await entryOnDisk(t)).configVersion === 3 ? entryOnDisk(t) : undefined), 5000, 'the upgraded entry');
  assert.equal(entry.config, { apiKey: secretRef, host: 'nas.lan', port: 8096 }, 'a secret reference moves across untouched');
});

test('an upgraded entry is not upgraded again, and the plugin is not restarted by its own write', async ({ t }) => {
  await new Promise((r) => setTimeout(r, 600));
  const admin = await t.sessionCookie('admin');
  const plugin = (await t.request('/api/admin/plugins', { cookie: admin })).body.plugins.find((p: { id: string }) => p.id === 'settings-v3');
  assert.is(plugin.state, 'running');
  assert.is((await entryOnDisk(t)).configVersion, 3);
});

test('a step that throws leaves plugins.json as it was and says why', async ({ t }) => {
  await t.writePlugins({ 'settings-v3': { path, configVersion: 2, config: { baseUrl: 'http://nas.lan', explode: true } } });
  const admin = await t.sessionCookie('admin');
  const plugin = await t.waitFor(async () => {
    const p = (await t.request('/api/admin/plugins', { cookie: admin })).body.plugins.find((x: { id: string }) => x.id === 'settings-v3');
    return p?.state === 'failed' ? p : undefined;
  }, 5000, 'the plugin to fail');
  assert.match(plugin.reason, /could not be upgraded from version 2 to 3: cannot read this address/);
  const entry = await entryOnDisk(t);
  assert.is(entry.configVersion, 2);
  assert.equal(entry.config, { baseUrl: 'http://nas.lan', explode: true });
});

test('settings from a newer version of the plugin are refused, not guessed at', async ({ t }) => {
  await t.writePlugins({ 'settings-v3': { path, configVersion: 4, config: { host: 'x', port: 1 } } });
  const admin = await t.sessionCookie('admin');
  const plugin = await t.waitFor(async () => {
    const p = (await t.request('/api/admin/plugins', { cookie: admin })).body.plugins.find((x: { id: string }) => x.id === 'settings-v3');
    return p?.state === 'failed' && /newer version/.test(p.reason) ? p : undefined;
  }, 5000, 'the refusal');
  assert.match(plugin.reason, /settings version 4; this one reads up to 3/);
});

test('definePlugin refuses a configVersion without every step to reach it', () => {
  assert.throws(
    () => definePlugin({ id: 'gappy', configVersion: 3, migrateConfig: { 2: (c) => c }, register() {} }),
    /no migrateConfig\[3\] to upgrade settings from version 2/,
  );
});

test.run();
