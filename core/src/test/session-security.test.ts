import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { io } from 'socket.io-client';
import { startTestCore, type TestCore } from '../testing.js';
import { fixturePlugin } from './support/fixtures.js';
import { UserStore } from '../auth/users.js';
import { SESSION_CACHE_MS, SESSION_TTL_SECONDS, sessionIdFromCookie } from '../auth/sessions.js';
import { csrfFor } from '../auth/csrf.js';

// What a session is worth to someone who reads Redis, rides a sibling host, or frames the portal.
const test = suite<{ t: TestCore }>('session security');
const PASSWORD = 'correct horse battery';
const PUBLIC_URL = 'https://media.example.test';

test.before(async (ctx) => {
  ctx.t = await startTestCore({ plugins: { hello: { path: fixturePlugin('hello') } }, publicUrl: PUBLIC_URL });
  const users = new UserStore(ctx.t.core.orm);
  await users.create({ username: 'ada', role: 'admin', password: PASSWORD });
  await users.create({ username: 'eve', role: 'user', password: PASSWORD });
});
test.after(async (ctx) => ctx.t?.stop());

const cookieValue = (res: Response | { headers: Headers }, name: string) =>
  res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));

async function signIn(t: TestCore, username: string) {
  const res = await fetch(`${t.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: 'mn_csrf=anonymous-token-123', 'x-csrf-token': 'anonymous-token-123' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  assert.is(res.status, 200, `${username} signs in`);
  const session = cookieValue(res, 'mn_session')!;
  const id = sessionIdFromCookie(session.split(';')[0])!;
  return { res, session, id, cookie: `mn_session=${id}`, csrf: /mn_csrf=([^;]+)/.exec(cookieValue(res, 'mn_csrf') ?? '')?.[1] };
}

/** Every key under the test's prefix with its value (strings, sets, hashes, lists), as text. */
async function redisDump(t: TestCore): Promise<string> {
  const r = t.core.redis;
  const keys = await r.keys(`${t.redisPrefix}*`);
  const out: string[] = [];
  for (const key of keys) {
    const type = await r.type(key);
    const value =
      type === 'string' ? await r.get(key) : type === 'set' ? (await r.smembers(key)).join(' ') : type === 'hash' ? JSON.stringify(await r.hgetall(key)) : type === 'list' ? (await r.lrange(key, 0, -1)).join(' ') : type === 'zset' ? (await r.zrange(key, '0', '-1')).join(' ') : '';
    out.push(`${key} ${value}`);
  }
  return out.join('\n');
}

test('Redis holds only a hash of each session id, and the hash replayed as a cookie is nobody', async ({ t }) => {
  const ada = await signIn(t, 'ada');
  assert.is((await t.request('/api/me', { cookie: ada.cookie })).body.user.role, 'admin');
  const dump = await redisDump(t);
  assert.not.ok(dump.includes(ada.id), 'the raw session id is nowhere in Redis');
  const hash = createHash('sha256').update(ada.id).digest('base64url');
  assert.ok(dump.includes(`${t.redisPrefix}session:${hash}`), 'the session is stored under its hash');
  const replayed = await t.request('/api/me', { cookie: `mn_session=${hash}` });
  assert.is(replayed.body.user, null, 'a hash read from Redis signs nobody in');
  assert.is((await t.request('/api/admin/users', { cookie: `mn_session=${hash}` })).status, 401);
});

test('requests of different people in turn are each answered as their own person; a garbled cookie is nobody', async ({ t }) => {
  const ada = await signIn(t, 'ada');
  const eve = await signIn(t, 'eve');
  // The same headers again and again, interleaved: what one process remembers of a cookie never crosses over.
  const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => t.request('/api/me', { cookie: i % 2 ? eve.cookie : ada.cookie })));
  answers.forEach((res, i) => assert.is(res.body.user?.name, i % 2 ? 'eve' : 'ada', `request ${i} is its own person`));
  for (const cookie of ['mn_session=%E0%A4%A', `mn_session=${ada.id}%`, 'mn_session=', `mn_session_other=${ada.id}`]) {
    const res = await t.request('/api/me', { cookie });
    assert.is(res.status, 200, `${cookie} is answered, not a server error`);
    assert.is(res.body.user, null, `${cookie} is nobody`);
  }
  assert.is((await t.request('/api/me', { cookie: `theme=dark; mn_session=${eve.id}` })).body.user?.name, 'eve', 'found among other cookies');
  const garbledToken = await fetch(`${t.url}/api/me`, { headers: { cookie: `${eve.cookie}; mn_csrf=%E0%A4%A` } });
  assert.is(garbledToken.status, 200, 'a garbled CSRF cookie is answered');
  assert.ok(cookieValue(garbledToken, 'mn_csrf')?.includes(eve.csrf!), 'and replaced by the right token');
});

test('the session cookie lives exactly as long as the sliding session, and sliding renews both', async ({ t }) => {
  const eve = await signIn(t, 'eve');
  assert.match(eve.session, new RegExp(`; Max-Age=${SESSION_TTL_SECONDS}(;|$)`));
  assert.is(SESSION_TTL_SECONDS, 24 * 60 * 60);
  const key = `${t.redisPrefix}session:${createHash('sha256').update(eve.id).digest('base64url')}`;
  assert.ok((await t.core.redis.ttl(key)) > SESSION_TTL_SECONDS - 5, 'Redis keeps it for 24 h');
  // Used within the minute: no new cookie, no new expiry.
  await new Promise((r) => setTimeout(r, SESSION_CACHE_MS + 50));
  assert.is(cookieValue(await fetch(`${t.url}/api/plugins/hello/whoami`, { headers: { cookie: eve.cookie } }), 'mn_session'), undefined);
  // Last slid ten minutes ago: the next read moves the expiry back to 24 h and the cookie with it.
  await t.core.redis.expire(key, SESSION_TTL_SECONDS - 600);
  await new Promise((r) => setTimeout(r, SESSION_CACHE_MS + 50));
  const slid = await fetch(`${t.url}/api/plugins/hello/whoami`, { headers: { cookie: eve.cookie } });
  assert.is(slid.status, 200);
  assert.match(cookieValue(slid, 'mn_session') ?? '', new RegExp(`^mn_session=${eve.id}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_TTL_SECONDS}`));
  assert.ok((await t.core.redis.ttl(key)) > SESSION_TTL_SECONDS - 5, 'Redis slid it back to 24 h');
});

test('signing in hands out the CSRF token of that session; a pair not bound to the session is refused (cookie tossing)', async ({ t }) => {
  const ada = await signIn(t, 'ada');
  const eve = await signIn(t, 'eve');
  assert.is(ada.csrf, csrfFor(ada.id), 'the token comes with the session');
  const post = (cookie: string, token: string) =>
    fetch(`${t.url}/api/plugins/hello/echo`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': token }, body: '{"name":"x","count":1}' });
  // A sibling host sets a cookie and header of its choosing next to the real session cookie.
  const tossed = await post(`${ada.cookie}; mn_csrf=tossed-by-a-sibling-host`, 'tossed-by-a-sibling-host');
  assert.is(tossed.status, 403);
  assert.match((await tossed.json()).error, /reload the page and try again/);
  // Another person's valid token does not fit this session either.
  assert.is((await post(`${ada.cookie}; mn_csrf=${eve.csrf}`, eve.csrf!)).status, 403);
  // The session's own token works, and so does the double submit of a signed-out browser.
  assert.is((await post(`${ada.cookie}; mn_csrf=${ada.csrf}`, ada.csrf!)).status, 201);
  assert.is((await post('mn_csrf=anonymous-token-456', 'anonymous-token-456')).status, 201);
  // A browser whose cookie is stale gets the session's token when the page loads, and only then.
  const page = await fetch(`${t.url}/api/me`, { headers: { cookie: `${ada.cookie}; mn_csrf=stale` } });
  assert.is(/mn_csrf=([^;]+)/.exec(cookieValue(page, 'mn_csrf') ?? '')?.[1], ada.csrf);
  assert.is(cookieValue(await fetch(`${t.url}/api/me`, { headers: { cookie: `${ada.cookie}; mn_csrf=${ada.csrf}` } }), 'mn_csrf'), undefined, 'no new cookie when it is right');
});

test('signing out hands the page a fresh token for the sign-in form', async ({ t }) => {
  const eve = await signIn(t, 'eve');
  const out = await fetch(`${t.url}/api/auth/logout`, { method: 'POST', headers: { cookie: `${eve.cookie}; mn_csrf=${eve.csrf}`, 'x-csrf-token': eve.csrf! } });
  assert.is(out.status, 204);
  assert.match(cookieValue(out, 'mn_session') ?? '', /Max-Age=0/);
  const fresh = /mn_csrf=([^;]+)/.exec(cookieValue(out, 'mn_csrf') ?? '')?.[1];
  assert.ok(fresh && fresh !== eve.csrf);
});

function connect(t: TestCore, cookie: string, origin?: string): Promise<string> {
  const socket = io(t.url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie, ...(origin ? { origin } : {}) } });
  return new Promise((resolve) => {
    socket.once('connect', () => {
      socket.disconnect();
      resolve('connected');
    });
    socket.once('connect_error', (err) => {
      socket.disconnect();
      resolve(`refused: ${err.message}`);
    });
  });
}

test("a live connection from another site's page is refused, the portal's own pages connect", async ({ t }) => {
  const ada = await signIn(t, 'ada');
  const host = new URL(t.url).host;
  assert.match(await connect(t, ada.cookie, 'https://evil.example.test'), /^refused/);
  assert.match(await connect(t, ada.cookie, 'https://sub.media.example.test'), /^refused/, 'a subdomain is another site');
  assert.match(await connect(t, ada.cookie, 'null'), /^refused/);
  assert.is(await connect(t, ada.cookie, PUBLIC_URL), 'connected', 'PUBLIC_URL is the portal');
  assert.is(await connect(t, ada.cookie, `http://${host}`), 'connected', "the request's own host is the portal");
  assert.is(await connect(t, ada.cookie), 'connected', 'a script sends no Origin and no browser cookie');
});

test('pages and API answers carry one framing policy: never framed', async ({ t }) => {
  for (const path of ['/', '/api/me']) {
    const res = await fetch(t.url + path);
    const csp = res.headers.get('content-security-policy') ?? '';
    const ancestors = csp.split(';').map((d) => d.trim()).filter((d) => d.startsWith('frame-ancestors'));
    assert.equal(ancestors, ["frame-ancestors 'none'"], `${path}: ${csp}`);
    assert.is(res.headers.get('x-frame-options'), 'DENY', `${path} says the same to browsers that only read X-Frame-Options`);
  }
});

test.run();
