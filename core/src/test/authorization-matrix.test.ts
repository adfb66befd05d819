import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestCore, type TestCore } from '../testing.js';
import { fixturePlugin } from './support/fixtures.js';

const test = suite<{ t: TestCore; user: string; admin: string }>('authorization matrix');

test.before(async (ctx) => {
  ctx.t = await startTestCore({
    plugins: {
      hello: { path: fixturePlugin('hello') },
      'jobs-demo': { path: fixturePlugin('jobs-demo') },
      sysinfo: { package: 'medianest-plugin-sysinfo', config: { interval: '5s' } },
    },
  });
  ctx.user = await ctx.t.sessionCookie('user');
  ctx.admin = await ctx.t.sessionCookie('admin');
});
test.after(async (ctx) => ctx.t?.stop());

const SIGN_OUT = '/api/auth/logout';

test('every route in the OpenAPI document answers anonymous callers, users and admins as its auth level says', async ({ t, user, admin }) => {
  const doc = (await t.request('/api/openapi.json')).body;
  const checked: string[] = [];
  for (const [path, methods] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(methods)) {
      if (path === SIGN_OUT) continue; // it would end the session the matrix uses; covered in auth-accounts
      const url = path.replace(/\{[^}]+\}/g, '1');
      const call = async (cookie?: string) =>
        (await t.request(url, { method: method.toUpperCase(), cookie, ...(method === 'get' ? {} : { json: {} }) })).status;
      const [anon, asUser, asAdmin] = [await call(), await call(user), await call(admin)];
      const where = `${method.toUpperCase()} ${path} (${op['x-auth']})`;
      if (op['x-auth'] === 'public') {
        for (const s of [anon, asUser, asAdmin]) assert.ok(s !== 401 && s !== 403, `${where}: ${s}`);
      } else if (op['x-auth'] === 'user') {
        assert.is(anon, 401, where);
        for (const s of [asUser, asAdmin]) assert.ok(s !== 401 && s !== 403, `${where}: ${s}`);
      } else {
        assert.is(op['x-auth'], 'admin', where);
        assert.equal([anon, asUser], [401, 403], where);
        assert.ok(asAdmin !== 401 && asAdmin !== 403, `${where}: ${asAdmin}`);
      }
      checked.push(where);
    }
  }
  assert.ok(checked.length >= 20, `walked ${checked.length} routes`);
  assert.ok(checked.some((c) => c.includes('(admin)')) && checked.some((c) => c.includes('(user)')));
});

test.run();
