import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestCore, type TestCore } from '../testing.js';
import { fixturePlugin } from './support/fixtures.js';

const test = suite<{ t: TestCore; user: string; admin: string }>('search fan-out');

test.before(async (ctx) => {
  ctx.t = await startTestCore({
    plugins: {
      'search-films': { path: fixturePlugin('search-films') },
      'search-broken': { path: fixturePlugin('search-broken') },
      'search-slow': { path: fixturePlugin('search-slow') },
    },
  });
  ctx.user = await ctx.t.sessionCookie('user', { id: 'u1', name: 'Uma' });
  ctx.admin = await ctx.t.sessionCookie('admin', { id: 'a1', name: 'Ada' });
});
test.after(async (ctx) => ctx.t?.stop());

const group = (body: any, plugin: string) => body.groups.find((g: any) => g.plugin === plugin);

test('anonymous callers are asked to sign in, and an empty query is a 400 a person can read', async ({ t, user }) => {
  assert.is((await t.request('/api/search?q=al')).status, 401);
  const empty = await t.request('/api/search?q=', { cookie: user });
  assert.is(empty.status, 400);
  assert.not.match(empty.body.error, /minLength|\^|\$/);
});

test('a failing and a slow provider cost only their own groups; the good one answers in full', async ({ t, user }) => {
  const started = Date.now();
  const res = await t.request('/api/search?q=al', { cookie: user });
  const took = Date.now() - started;
  assert.is(res.status, 200);
  assert.ok(took < 2000, `answered in ${took} ms although one provider hangs for 10 s`);
  const films = group(res.body, 'search-films');
  assert.is(films.state, 'ok');
  assert.equal(films.results.map((r: any) => r.title), ['Alien', 'Aliens', 'al poster']);
  assert.is(films.results[0].subtitle, 'for Uma', 'the provider got the person searching');
  const broken = group(res.body, 'search-broken');
  assert.is(broken.state, 'failed');
  assert.is(broken.message, "Broken search isn't available right now.");
  assert.is(broken.detail, undefined, 'household members get no detail');
  assert.not.match(JSON.stringify(res.body), /s3cr3t|ECONNREFUSED/);
  const slow = group(res.body, 'search-slow');
  assert.is(slow.state, 'timeout');
  assert.match(slow.message, /taking too long/);
  const aborted = await t.request('/api/plugins/search-slow/aborted');
  assert.ok(aborted.body.aborted >= 1, 'the slow provider was told to stop');
});

test('results without a title or with a script address are dropped; outside pictures are left off', async ({ t, user }) => {
  const res = await t.request('/api/search?q=al', { cookie: user });
  const films = group(res.body, 'search-films');
  assert.not.ok(films.results.some((r: any) => r.href.startsWith('javascript:')));
  assert.not.ok(films.results.some((r: any) => r.href === '#/nowhere'));
  const poster = films.results.find((r: any) => r.title === 'al poster');
  assert.is(poster.image, undefined);
});

test('limit bounds every group', async ({ t, user }) => {
  const res = await t.request('/api/search?q=a&limit=2', { cookie: user });
  assert.is(group(res.body, 'search-films').results.length, 2);
});

test('admins get the cause of a failure and admin pages; household members do not', async ({ t, user, admin }) => {
  const asAdmin = await t.request('/api/search?q=al', { cookie: admin });
  assert.match(group(asAdmin.body, 'search-broken').detail, /ECONNREFUSED/);
  assert.ok(group(asAdmin.body, 'search-films').results.some((r: any) => r.title === 'al (admin copy)'));
  const usersPage = await t.request('/api/search?q=users', { cookie: admin });
  assert.ok(group(usersPage.body, 'core').results.some((r: any) => r.href === '#/admin/users'));
  const asUser = await t.request('/api/search?q=users', { cookie: user });
  assert.not.ok(JSON.stringify(asUser.body).includes('#/admin'), 'no admin page for a household member');
  const account = await t.request('/api/search?q=account', { cookie: user });
  assert.ok(group(account.body, 'core').results.some((r: any) => r.href === '#/account'));
});

test('a plugin that is disabled drops out of the search at once', async ({ t, user }) => {
  await t.writePlugins({
    'search-films': { path: fixturePlugin('search-films'), enabled: false },
    'search-broken': { path: fixturePlugin('search-broken') },
    'search-slow': { path: fixturePlugin('search-slow') },
  });
  await t.waitFor(async () => !group((await t.request('/api/search?q=al', { cookie: user })).body, 'search-films'), 5000, 'films to leave the search');
});

test('widget sizes reach the UI manifest with every bound filled in', async ({ t, user }) => {
  await t.writePlugins({ 'search-films': { path: fixturePlugin('search-films') } });
  const widget = await t.waitFor(async () => (await t.request('/api/ui/manifest', { cookie: user })).body.widgets.find((w: any) => w.plugin === 'search-films'));
  assert.equal(widget.size, { w: 6, h: 3, minW: 3, maxW: 9, minH: 2, maxH: 6 });
});

test.run();
