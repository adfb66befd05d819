import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestCore, type TestCore } from '../testing.js';
import { fixturePlugin } from './support/fixtures.js';

const test = suite<{ t: TestCore }>('enable and disable without restart');

const both = (helloEnabled: boolean, greeting = 'Hello') => ({
  hello: { enabled: helloEnabled, path: fixturePlugin('hello'), config: { greeting } },
  'uses-hello': { enabled: true, path: fixturePlugin('uses-hello') },
});

test.before(async (ctx) => {
  ctx.t = await startTestCore({ plugins: both(true) });
});
test.after(async (ctx) => ctx.t?.stop());

const status = (t: TestCore, path: string) => t.request(path).then((r) => r.status);

test('a plugin that depends on another uses its service', async ({ t }) => {
  const res = await t.request('/api/plugins/uses-hello/greet/Ann');
  assert.equal(res.body, { message: 'Hello, Ann' });
});

test('disabling a plugin in plugins.json unmounts its routes, widgets and checks, and stops its dependents', async ({ t }) => {
  await t.writePlugins(both(false));
  await t.waitFor(async () => (await status(t, '/api/plugins/hello/hello')) === 404, 5000, 'hello to stop');
  await t.waitFor(async () => (await status(t, '/api/plugins/uses-hello/greet/Ann')) === 404, 5000, 'uses-hello to stop');
  const manifest = await t.request('/api/ui/manifest');
  assert.equal(manifest.body.widgets, []);
  const st = await t.request('/api/status', { cookie: await t.sessionCookie('admin') });
  const hello = st.body.plugins.find((p: any) => p.id === 'hello');
  assert.is(hello.state, 'disabled');
  assert.equal(hello.checks, []);
  const uses = t.core.host.records.get('uses-hello')!;
  assert.is(uses.state, 'failed');
  assert.match(uses.reason!, /needs plugin "hello", which is disabled/);
});

test('enabling it again mounts everything and brings the dependent back', async ({ t }) => {
  await t.writePlugins(both(true));
  await t.waitFor(async () => (await status(t, '/api/plugins/hello/hello')) === 200, 5000, 'hello to start');
  await t.waitFor(async () => (await status(t, '/api/plugins/uses-hello/greet/Bo')) === 200, 5000, 'uses-hello to start');
  const manifest = await t.request('/api/ui/manifest');
  assert.is(manifest.body.widgets[0].tag, 'mn-hello-card');
  assert.is(manifest.body.widgets[0].module, '/plugins/hello/1.2.3/ui/card.js');
});

test('changed settings restart the plugin with the new config', async ({ t }) => {
  await t.writePlugins(both(true, 'Howdy'));
  await t.waitFor(async () => (await t.request('/api/plugins/hello/hello')).body.message === 'Howdy, world', 5000, 'the new greeting');
});

test('a malformed plugins.json is rejected and the running plugins stay as they were', async ({ t }) => {
  await t.writePlugins('{ "plugins": { "hello": { "enabled": fals');
  await new Promise((r) => setTimeout(r, 600));
  assert.is(await status(t, '/api/plugins/hello/hello'), 200);
  await t.writePlugins('{ "plugins": { "hello": { "enabled": "yes" } } }');
  await new Promise((r) => setTimeout(r, 600));
  assert.is(await status(t, '/api/plugins/hello/hello'), 200);
  assert.is(t.core.host.records.get('uses-hello')!.state, 'running');
});

test('a plugin added to plugins.json while running starts without a restart', async ({ t }) => {
  await t.writePlugins({ ...both(true, 'Howdy'), 'needs-config': { path: fixturePlugin('needs-config'), config: { url: 'http://example.test/' } } });
  await t.waitFor(async () => (await status(t, '/api/plugins/needs-config/config')) === 200, 5000, 'needs-config to start');
  const res = await t.request('/api/plugins/needs-config/config');
  assert.equal(res.body, { url: 'http://example.test/', every: '30s' });
});

test.run();
