import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { assertPlainWords } from './support/plain-words.js';
import { startTestCore, type TestCore } from '../testing.js';
import { SDK_VERSION } from '@medianest/sdk';
import { fixturePlugin } from './support/fixtures.js';

const test = suite<{ t: TestCore; admin: string }>('plugin loader failures');

test.before(async (ctx) => {
  ctx.t = await startTestCore({
    pluginStartTimeoutMs: 500,
    plugins: {
      hello: { path: fixturePlugin('hello'), config: { token: 's3cr3t-value' } },
      'no-engines': { path: fixturePlugin('no-engines') },
      'future-sdk': { path: fixturePlugin('future-sdk') },
      throws: { path: fixturePlugin('throws') },
      'needs-config': { path: fixturePlugin('needs-config'), config: { url: 'not a url', every: '2s', wait: '2m' } },
      'needs-ghost': { path: fixturePlugin('needs-ghost') },
      slow: { path: fixturePlugin('slow') },
      'import-error': { path: fixturePlugin('import-error') },
      'no-auth-route': { path: fixturePlugin('no-auth-route') },
      'bad-schema': { path: fixturePlugin('bad-schema') },
      missing: { package: 'medianest-plugin-that-does-not-exist' },
      'wrong-id': { path: fixturePlugin('hello') },
    },
  });
  ctx.admin = await ctx.t.sessionCookie('admin');
});
test.after(async (ctx) => ctx.t?.stop());

async function pluginsById(ctx: { t: TestCore; admin: string }) {
  const res = await ctx.t.request('/api/admin/plugins', { cookie: ctx.admin });
  assert.is(res.status, 200);
  return Object.fromEntries(res.body.plugins.map((p: any) => [p.id, p]));
}

test('the healthy plugin runs and serves while the broken ones are failed', async (ctx) => {
  const res = await ctx.t.request('/api/plugins/hello/hello');
  assert.is(res.status, 200);
  assert.equal(res.body, { message: 'Hello, world' });
  const health = await ctx.t.request('/api/health');
  assert.is(health.status, 200);
  const all = await pluginsById(ctx);
  assert.is(all.hello.state, 'running');
  assert.is(all.hello.version, '1.2.3');
  for (const id of ['no-engines', 'future-sdk', 'throws', 'needs-config', 'needs-ghost', 'slow', 'import-error', 'no-auth-route', 'bad-schema', 'missing', 'wrong-id']) {
    assert.is(all[id].state, 'failed', `${id} should be failed`);
    assert.type(all[id].reason, 'string', `${id} should say why`);
  }
});

test('a manifest without engines.medianest is refused before its code is imported', async (ctx) => {
  const { 'no-engines': p } = await pluginsById(ctx);
  assert.match(p.reason, /engines/);
  assert.match(p.reason, /medianest/);
});

test('an incompatible SDK range is refused with both versions named and the code never runs', async (ctx) => {
  const { 'future-sdk': p } = await pluginsById(ctx);
  assert.match(p.reason, /needs MediaNest SDK \^9\.0\.0/);
  assert.ok(p.reason.includes(`runs SDK ${SDK_VERSION}`), p.reason);
  assert.is((globalThis as any).__futureSdkImported, undefined);
});

test('a plugin that throws in register() leaves nothing mounted', async (ctx) => {
  const { throws: p } = await pluginsById(ctx);
  assert.match(p.reason, /register\(\) threw: cannot reach the upstream at start/);
  const res = await ctx.t.request('/api/plugins/throws/half');
  assert.is(res.status, 404);
  const status = await ctx.t.request('/api/status', { cookie: ctx.admin });
  const entry = status.body.plugins.find((x: any) => x.id === 'throws');
  assert.equal(entry.checks, []);
});

test('invalid settings are refused naming each field and what to type', async (ctx) => {
  const { 'needs-config': p } = await pluginsById(ctx);
  assert.match(p.reason, /Url: Enter an address that starts with http:\/\/ or https:\/\//);
  assert.match(p.reason, /Every: Use at least 10s/);
  assert.match(p.reason, /Wait: Use at most 1m/);
  assertPlainWords(p.reason);
});

test('a missing dependency, a missing package, a load error and a slow register() each say why', async (ctx) => {
  const all = await pluginsById(ctx);
  assert.match(all['needs-ghost'].reason, /needs plugin "ghost", which is not in plugins.json/);
  assert.match(all.missing.reason, /Package "medianest-plugin-that-does-not-exist" is not installed/);
  assert.match(all['import-error'].reason, /failed to load/);
  assert.match(all.slow.reason, /did not finish within 0.5 s/);
  assert.match(all['no-auth-route'].reason, /must declare auth/);
  assert.match(all['bad-schema'].reason, /body schema is invalid/);
  assert.match(all['wrong-id'].reason, /medianest.id "hello"/);
  const slowRoute = await ctx.t.request('/api/plugins/slow/x');
  assert.is(slowRoute.status, 404);
});

test('failure reasons are recorded in the database for the admin page', async (ctx) => {
  const rows = await ctx.t.core.orm.em.getConnection().execute(`select plugin_id, state, reason from core_plugin_events where plugin_id = 'throws'`);
  assert.ok(rows.length >= 1);
  assert.is(rows[0].state, 'failed');
});

test('the status document keeps secrets out', async (ctx) => {
  const res = await ctx.t.request('/api/admin/plugins', { cookie: ctx.admin });
  assert.not.match(res.text, /s3cr3t-value/);
});

test.run();
