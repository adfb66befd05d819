import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestCore, type TestCore } from '../testing.js';
import { fixturePlugin } from './support/fixtures.js';
import { call, startCoreProcess, type CoreProcess } from './support/core-process.js';
import { UserStore } from '../auth/users.js';
import { sessionIdFromCookie, sessionKeyOf } from '../auth/sessions.js';

// Two real core processes on one Redis and one database: ending a session in one ends it in the
// other within a second, even though each remembers sessions it read (see the note in sessions.ts).
const test = suite<{ t: TestCore; b: CoreProcess }>('sessions end in every process within a second');
const PASSWORD = 'correct horse battery';

test.before(async (ctx) => {
  ctx.t = await startTestCore({ plugins: { hello: { path: fixturePlugin('hello') } } });
  const users = new UserStore(ctx.t.core.orm);
  for (const [username, role] of [['ada', 'admin'], ['ann', 'admin'], ['uma', 'user'], ['bo', 'user'], ['cy', 'user']] as const) {
    await users.create({ username, role, password: PASSWORD });
  }
  ctx.b = await startCoreProcess(ctx.t);
});
test.after(async (ctx) => {
  await ctx.b?.stop();
  await ctx.t?.stop();
});

/** Signs in on the first process and returns the session cookie. */
async function session(t: TestCore, username: string): Promise<string> {
  const res = await fetch(`${t.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: 'mn_csrf=anonymous-token-123', 'x-csrf-token': 'anonymous-token-123' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  assert.is(res.status, 200, `${username} signs in`);
  return res.headers.getSetCookie().find((c) => c.startsWith('mn_session='))!.split(';')[0]!;
}

/** Keeps asking `url` until it stops answering 200; the milliseconds that took. */
async function msUntilRefused(base: string, path: string, cookie: string, from: number): Promise<number> {
  for (;;) {
    const res = await call(base, path, { cookie });
    if (res.status !== 200) return performance.now() - from;
    if (performance.now() - from > 5000) return Infinity;
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Reads the session on the second process until it is surely remembered there. */
async function warm(base: string, path: string, cookie: string): Promise<void> {
  for (let i = 0; i < 3; i++) assert.is((await call(base, path, { cookie })).status, 200, 'the session works on the second process');
}

test('signing out on one process ends the session on the other within a second', async ({ t, b }) => {
  const cookie = await session(t, 'uma');
  await warm(b.url, '/api/plugins/hello/whoami', cookie);
  const out = await call(t.url, '/api/auth/logout', { method: 'POST', cookie });
  assert.is(out.status, 204);
  const ms = await msUntilRefused(b.url, '/api/plugins/hello/whoami', cookie, performance.now());
  assert.ok(ms <= 1000, `refused after ${Math.round(ms)} ms`);
});

test('a person disabled on one process loses access on the other within a second', async ({ t, b }) => {
  const admin = await session(t, 'ada');
  const bo = await session(t, 'bo');
  const boId = (await call(t.url, '/api/me', { cookie: bo })).body.user.id;
  await warm(b.url, '/api/plugins/hello/whoami', bo);
  const res = await call(t.url, `/api/admin/users/${boId}`, { method: 'PATCH', cookie: admin, json: { disabled: true } });
  assert.is(res.status, 200);
  const ms = await msUntilRefused(b.url, '/api/plugins/hello/whoami', bo, performance.now());
  assert.ok(ms <= 1000, `refused after ${Math.round(ms)} ms`);
});

test('an admin demoted on one process loses the admin pages on the other within a second', async ({ t, b }) => {
  const admin = await session(t, 'ada');
  const ann = await session(t, 'ann');
  const annId = (await call(t.url, '/api/me', { cookie: ann })).body.user.id;
  await warm(b.url, '/api/admin/users', ann);
  const res = await call(t.url, `/api/admin/users/${annId}`, { method: 'PATCH', cookie: admin, json: { role: 'user' } });
  assert.is(res.status, 200);
  const ms = await msUntilRefused(b.url, '/api/admin/users', ann, performance.now());
  assert.ok(ms <= 1000, `refused after ${Math.round(ms)} ms`);
});

test('a session gone from Redis without a word to the others still stops working there within a second', async ({ t, b }) => {
  const cy = await session(t, 'cy');
  await warm(b.url, '/api/plugins/hello/whoami', cy);
  // As if the "ended" message were lost: delete the key behind the processes' backs.
  await t.core.redis.del(`${t.redisPrefix}session:${sessionKeyOf(sessionIdFromCookie(cy)!)}`);
  const ms = await msUntilRefused(b.url, '/api/plugins/hello/whoami', cy, performance.now());
  assert.ok(ms <= 1100, `refused after ${Math.round(ms)} ms (the cache keeps a read at most 1 s)`);
});

test.run();
