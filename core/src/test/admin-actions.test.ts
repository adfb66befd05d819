import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile, writeFile } from 'node:fs/promises';
import { startTestCore, type TestCore } from '../testing.js';
import { fixturePlugin } from './support/fixtures.js';

const test = suite<{ t: TestCore; admin: string; user: string }>('admin actions and the audit log');

test.before(async (ctx) => {
  ctx.t = await startTestCore({ plugins: { hello: { path: fixturePlugin('hello') }, 'jobs-demo': { path: fixturePlugin('jobs-demo') } } });
  // A hand-edited file: its order and unknown keys must survive the admin's toggles.
  const data = JSON.parse(await readFile(ctx.t.pluginsFile, 'utf8'));
  await writeFile(ctx.t.pluginsFile, JSON.stringify({ $comment: 'kept', plugins: { 'jobs-demo': data.plugins['jobs-demo'], hello: { ...data.plugins.hello, note: 'mine' } } }, null, 2));
  ctx.admin = await ctx.t.sessionCookie('admin', { id: 'ada', name: 'Ada' });
  ctx.user = await ctx.t.sessionCookie('user', { id: 'uma', name: 'Uma' });
});
test.after(async (ctx) => ctx.t?.stop());

test('an admin disables and enables a plugin; plugins.json keeps its order and unknown keys', async ({ t, admin }) => {
  const off = await t.request('/api/admin/plugins/hello/disable', { method: 'POST', cookie: admin });
  assert.is(off.status, 200);
  assert.equal(off.body, { id: 'hello', enabled: false, state: 'disabled', reason: null });
  assert.is((await t.request('/api/plugins/hello/hello')).status, 404);
  const file = JSON.parse(await readFile(t.pluginsFile, 'utf8'));
  assert.equal(Object.keys(file), ['$comment', 'plugins']);
  assert.equal(Object.keys(file.plugins), ['jobs-demo', 'hello']);
  assert.equal([file.plugins.hello.enabled, file.plugins.hello.note], [false, 'mine']);
  const on = await t.request('/api/admin/plugins/hello/enable', { method: 'POST', cookie: admin });
  assert.equal([on.status, on.body.state], [200, 'running']);
  assert.is((await t.request('/api/plugins/hello/hello')).status, 200);
});

test('users may not toggle plugins, and unknown plugins are a 404', async ({ t, user, admin }) => {
  assert.is((await t.request('/api/admin/plugins/hello/disable', { method: 'POST', cookie: user })).status, 403);
  const missing = await t.request('/api/admin/plugins/ghost/enable', { method: 'POST', cookie: admin });
  assert.equal([missing.status, missing.body.error], [404, 'No plugin "ghost" in plugins.json']);
  const wrongMethod = await t.request('/api/admin/plugins/hello/enable', { cookie: admin });
  assert.is(wrongMethod.status, 405);
});

test('the audit log records admin actions and failed sign-ins, newest first, with filters', async ({ t, admin }) => {
  await t.request('/api/auth/login', { method: 'POST', json: { username: 'mallory', password: 'nope nope nope' } });
  const all = (await t.request('/api/admin/audit', { cookie: admin })).body.entries;
  assert.equal(all.slice(0, 3).map((e: any) => [e.action, e.actor, e.target]), [
    ['signin-failed', 'mallory', null],
    ['plugin-enable', 'Ada', 'hello'],
    ['plugin-disable', 'Ada', 'hello'],
  ]);
  const toggles = (await t.request('/api/admin/audit?action=plugin-disable', { cookie: admin })).body.entries;
  assert.ok(toggles.length >= 1 && toggles.every((e: any) => e.action === 'plugin-disable'));
  const byActor = (await t.request('/api/admin/audit?actor=mall', { cookie: admin })).body.entries;
  assert.equal(byActor.map((e: any) => e.actor), ['mallory']);
  const bad = await t.request('/api/admin/audit?action=anything', { cookie: admin });
  assert.is(bad.status, 400);
  assert.match(bad.body.error, /Action: Choose one of: setup, signin/);
});

test.run();
