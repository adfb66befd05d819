import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import { startTestCore, type TestCore } from '@medianest/sdk/testing';

// The plugin's own folder: the harness loads it exactly as an admin's plugins.json would.
const pluginDir = fileURLToPath(new URL('../..', import.meta.url));
const test = suite<{ t: TestCore; socket?: Socket }>('sysinfo plugin');

test.before(async (ctx) => {
  ctx.t = await startTestCore({ plugins: { sysinfo: { path: pluginDir, config: { interval: '1s', keep: 3 } } } });
});
test.after(async (ctx) => {
  ctx.socket?.disconnect();
  await ctx.t?.stop();
});

test('GET /now answers a sample of this machine to anyone', async ({ t }) => {
  const res = await t.request('/api/plugins/sysinfo/now');
  assert.is(res.status, 200);
  assert.is(res.body.hostname, hostname());
  assert.is(res.body.load.length, 3);
  assert.ok(res.body.memory.usedPercent > 0 && res.body.memory.usedPercent <= 100);
});

test('the repeating job sends a live sample to every browser', async (ctx) => {
  ctx.socket = io(ctx.t.url, { transports: ['websocket'] });
  const sample: any = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no sysinfo.sample event within 5 s')), 5000);
    ctx.socket!.on('sysinfo.sample', (s) => {
      clearTimeout(timer);
      resolve(s);
    });
  });
  assert.is(sample.hostname, hostname());
  assert.ok(Date.now() - Date.parse(sample.sampledAt) < 5000);
});

test('the history is for signed-in users and keeps only the configured number of samples', async ({ t }) => {
  assert.is((await t.request('/api/plugins/sysinfo/history')).status, 401);
  const cookie = await t.sessionCookie('user');
  await t.waitFor(async () => (await t.request('/api/plugins/sysinfo/history', { cookie })).body.samples?.length >= 3, 8000, 'three samples');
  await new Promise((r) => setTimeout(r, 1500));
  const res = await t.request('/api/plugins/sysinfo/history?limit=50', { cookie });
  assert.is(res.status, 200);
  assert.ok(res.body.samples.length <= 3, `kept ${res.body.samples.length}`);
  const bad = await t.request('/api/plugins/sysinfo/history?limit=0', { cookie });
  assert.is(bad.status, 400);
  assert.match(bad.body.error, /Limit: Enter 1 or more/);
});

test('its health check reports memory use on the status page', async ({ t }) => {
  const res = await t.request('/api/status', { cookie: await t.sessionCookie('admin') });
  const sysinfo = res.body.plugins.find((p: any) => p.id === 'sysinfo');
  assert.is(sysinfo.state, 'running');
  assert.match(sysinfo.checks[0].detail, /% of memory used/);
});

test('its widget is in the UI manifest and its module is served', async ({ t }) => {
  const manifest = await t.request('/api/ui/manifest');
  const widget = manifest.body.widgets.find((w: any) => w.tag === 'mn-sysinfo-load');
  assert.ok(widget);
  const js = await t.request(widget.module);
  assert.is(js.status, 200);
  assert.match(js.headers.get('content-type') ?? '', /javascript/);
});

test('a sampling interval under one second is refused with a reason', async ({ t }) => {
  await t.writePlugins({ sysinfo: { path: pluginDir, config: { interval: '100ms' } } });
  await t.waitFor(async () => (await t.request('/api/plugins/sysinfo/now')).status === 404, 5000, 'the plugin to stop');
  const admin = await t.sessionCookie('admin');
  const plugin = await t.waitFor(async () => {
    const p = (await t.request('/api/admin/plugins', { cookie: admin })).body.plugins[0];
    return p.state === 'failed' ? p : undefined;
  }, 8000, 'the plugin to fail');
  assert.match(plugin.reason, /Sample every \(interval\): Use at least 1s/);
});

test('its settings test says what the settings would show, and the form gets titles for every setting', async ({ t }) => {
  await t.writePlugins({ sysinfo: { path: pluginDir, config: {} } });
  const admin = await t.sessionCookie('admin');
  const form = await t.waitFor(async () => {
    const r = await t.request('/api/admin/plugins/sysinfo/settings', { cookie: admin });
    return r.status === 200 ? r.body : undefined;
  }, 8000, 'the settings');
  assert.ok(form.testable);
  for (const [key, prop] of Object.entries<any>(form.schema.properties)) assert.type(prop.title, 'string', `${key} has a title`);
  const ok = await t.request('/api/admin/plugins/sysinfo/settings/test', { method: 'POST', cookie: admin, json: { settings: { interval: '1m', keep: 60 } } });
  assert.is(ok.status, 200);
  assert.is(ok.body.ok, true);
  assert.match(ok.body.message, /Memory use is [\d.]+% now: .*A sample every 1m, 60 kept \(60 minutes of history\)/);
  const bad = await t.request('/api/admin/plugins/sysinfo/settings/test', { method: 'POST', cookie: admin, json: { settings: { interval: 'soon', keep: 0 } } });
  assert.is(bad.status, 400);
  assert.equal(bad.body.details.map((d: any) => [d.field, d.label, d.message]), [
    ['interval', 'Sample every', 'Use a duration such as 30s or 5m'],
    ['keep', 'Samples kept', 'Keep at least 1 sample'],
  ]);
});

test.run();
