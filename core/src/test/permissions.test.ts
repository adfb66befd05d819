import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestCore, type TestCore } from '../testing.js';
import { fixturePlugin } from './support/fixtures.js';

const test = suite<{ t: TestCore; admin: string; uma: string; bo: string }>('per-plugin permissions');

test.before(async (ctx) => {
  ctx.t = await startTestCore({ plugins: { perms: { path: fixturePlugin('perms') }, 'perms-undeclared': { path: fixturePlugin('perms-undeclared') } } });
  ctx.admin = await ctx.t.sessionCookie('admin');
  ctx.uma = await ctx.t.sessionCookie('user', { id: 'uma' });
  ctx.bo = await ctx.t.sessionCookie('user', { id: 'bo' });
});
test.after(async (ctx) => ctx.t?.stop());

const post = (t: TestCore, path: string, cookie: string) => t.request(path, { method: 'POST', cookie, json: {} }).then((r) => r.status);

test('without a grant a user gets 403 naming the permission; admins always pass', async ({ t, admin, uma }) => {
  const res = await t.request('/api/plugins/perms/download', { method: 'POST', cookie: uma, json: {} });
  assert.equal([res.status, res.body.error], [403, 'You need the permission "perms.download": ask an admin']);
  assert.is(await post(t, '/api/plugins/perms/download', admin), 200);
});

test('a grant to the user role lets every user in; a grant to one user lets only them', async ({ t, admin, uma, bo }) => {
  const role = await t.request('/api/admin/permissions/perms.download', { method: 'PUT', cookie: admin, json: { roles: ['user'], users: [] } });
  assert.is(role.status, 200);
  assert.equal([await post(t, '/api/plugins/perms/download', uma), await post(t, '/api/plugins/perms/download', bo)], [200, 200]);
  await t.request('/api/admin/permissions/perms.approve', { method: 'PUT', cookie: admin, json: { roles: [], users: ['uma'] } });
  assert.equal([await post(t, '/api/plugins/perms/approve', uma), await post(t, '/api/plugins/perms/approve', bo)], [200, 403]);
  const list = (await t.request('/api/admin/permissions', { cookie: admin })).body.permissions;
  assert.equal(list, [
    { permission: 'perms.download', plugin: 'perms', roles: ['user'], users: [] },
    { permission: 'perms.approve', plugin: 'perms', roles: [], users: ['uma'] },
  ]);
});

test('taking a grant away takes effect on the next request', async ({ t, admin, bo }) => {
  await t.request('/api/admin/permissions/perms.download', { method: 'PUT', cookie: admin, json: { roles: [], users: [] } });
  assert.is(await post(t, '/api/plugins/perms/download', bo), 403);
});

test('unknown permissions cannot be granted, and a plugin using an undeclared permission does not start', async ({ t, admin }) => {
  const res = await t.request('/api/admin/permissions/perms.fly', { method: 'PUT', cookie: admin, json: { roles: ['user'], users: [] } });
  assert.equal([res.status, res.body.error], [404, 'No plugin declares the permission "perms.fly"']);
  const record = t.core.host.records.get('perms-undeclared')!;
  assert.is(record.state, 'failed');
  assert.match(record.reason!, /does not declare in medianest\.permissions: perms-undeclared\.secret/);
});

test('the OpenAPI document names each route\'s permission', async ({ t }) => {
  const doc = (await t.request('/api/openapi.json')).body;
  assert.is(doc.paths['/api/plugins/perms/download'].post['x-permission'], 'perms.download');
});

test('a route with its own rate limit counts per person and per address', async ({ t, uma, bo }) => {
  const statuses = [];
  for (let i = 0; i < 3; i++) statuses.push(await post(t, '/api/plugins/perms/limited', uma));
  assert.equal(statuses, [200, 200, 429]);
  assert.is(await post(t, '/api/plugins/perms/limited', bo), 200);
  const anon = [];
  for (let i = 0; i < 3; i++) anon.push((await t.request('/api/plugins/perms/limited', { method: 'POST', json: {} })).status);
  assert.equal(anon, [200, 200, 429]);
  const res = await t.request('/api/plugins/perms/limited', { method: 'POST', cookie: uma, json: {} });
  assert.match(res.body.error, /Too many requests to this: try again in \d+ s/);
  assert.ok(Number(res.headers.get('retry-after')) > 0);
});

test.run();
