import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestCore, type TestCore } from '../testing.js';
import { connectSocket } from './support/socket.js';
import { assertPlainWords } from './support/plain-words.js';

// Accounts for a household: adding people, passwords changed and reset, invites, and sign-in lockout.
const test = suite<{ t: TestCore }>('accounts for a household');
let admin = '';
const ids: Record<string, string> = {};

test.before(async (ctx) => {
  ctx.t = await startTestCore({ plugins: {}, trustProxy: true, signInRateLimit: '3/15min', signInAddressLimit: '8/15min' });
  admin = await ctx.t.sessionCookie('admin', { id: 'root', name: 'Root' });
});
test.after(async (ctx) => ctx.t?.stop());

const cookieOf = (res: { headers: Headers }) => (res.headers.get('set-cookie') ?? '').split(';')[0]!;
const signIn = (t: TestCore, username: string, password: string, ip = '10.0.0.1') =>
  t.request('/api/auth/login', { method: 'POST', json: { username, password }, headers: { 'x-forwarded-for': ip } });
const audit = async (t: TestCore, action: string) => (await t.request(`/api/admin/audit?action=${action}`, { cookie: admin })).body.entries;

test('an account added with the display name left empty gets the username as its name', async ({ t }) => {
  for (const [username, displayName] of [['uma', ''], ['vic', undefined], ['wes', '  ']] as const) {
    const res = await t.request('/api/admin/users', { method: 'POST', cookie: admin, json: { username, password: 'a long first password', role: 'user', ...(displayName === undefined ? {} : { displayName }) } });
    assert.is(res.status, 201, res.text);
    assert.is(res.body.user.name, username);
    ids[username] = res.body.user.id;
  }
  const list = (await t.request('/api/admin/users', { cookie: admin })).body.users;
  assert.ok(list.every((u: any) => 'lastSignInAt' in u && 'createdAt' in u));
});

test('a username with spaces is refused in plain words, next to its field', async ({ t }) => {
  const res = await t.request('/api/admin/users', { method: 'POST', cookie: admin, json: { username: 'a b', password: 'short', role: 'user' } });
  assert.is(res.status, 400);
  assert.equal(res.body.details.map((d: any) => [d.field, d.message]), [
    ['username', 'Use letters, digits, dots, dashes or underscores, starting with a letter or digit'],
    ['password', 'Use at least 10 characters: a few words you can remember work well'],
  ]);
  assertPlainWords(res.body.error);
});

test('changing your own password needs the current one and ends your other sessions, not this one', async ({ t }) => {
  const here = cookieOf(await signIn(t, 'uma', 'a long first password'));
  const phone = cookieOf(await signIn(t, 'uma', 'a long first password'));
  const phoneSocket = await connectSocket(t.url, phone);
  const hereSocket = await connectSocket(t.url, here);
  let hereClosed = false;
  hereSocket.on('disconnect', () => (hereClosed = true));
  const told = new Promise<any>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the other tab was not told why within 5 s')), 5000);
    phoneSocket.once('core.session.ended', (data) => (clearTimeout(timer), resolve(data)));
  });
  told.catch(() => {});
  const wrong = await t.request('/api/me/password', { method: 'POST', cookie: here, json: { current: 'not it at all', password: 'a brand new password' } });
  assert.equal([wrong.status, wrong.body.details[0].field, wrong.body.details[0].message], [400, 'current', 'That is not your current password']);
  const ok = await t.request('/api/me/password', { method: 'POST', cookie: here, json: { current: 'a long first password', password: 'a brand new password' } });
  assert.equal([ok.status, ok.body], [200, { endedSessions: 1 }]);
  assert.is((await t.request('/api/me/profile', { cookie: here })).status, 200, 'this tab stays signed in');
  assert.is((await t.request('/api/me/profile', { cookie: phone })).status, 401, 'the other one is signed out');
  assert.equal(await told, { reason: 'Your password was changed: sign in with the new one' });
  phoneSocket.disconnect();
  // Past the 250 ms an ended session's sockets are held for its reason: this tab's live connection stays open.
  await new Promise((resolve) => setTimeout(resolve, 600));
  assert.not.ok(hereClosed, "this tab's live connection stays open");
  hereSocket.disconnect();
  assert.is((await signIn(t, 'uma', 'a long first password')).status, 401);
  assert.is((await signIn(t, 'uma', 'a brand new password')).status, 200);
  const [entry] = await audit(t, 'password-change');
  assert.equal([entry.actorId, entry.detail], [ids.uma, { endedSessions: 1 }]);
});

test('the profile sets a display name and a theme; an empty name falls back to the username', async ({ t }) => {
  const me = cookieOf(await signIn(t, 'vic', 'a long first password'));
  const res = await t.request('/api/me/profile', { method: 'PATCH', cookie: me, json: { displayName: 'Victoria', theme: 'dark' } });
  assert.equal([res.status, res.body.name, res.body.theme], [200, 'Victoria', 'dark']);
  const cleared = await t.request('/api/me/profile', { method: 'PATCH', cookie: me, json: { displayName: '' } });
  assert.is(cleared.body.name, 'vic');
  const bad = await t.request('/api/me/profile', { method: 'PATCH', cookie: me, json: { theme: 'purple' } });
  assert.equal([bad.status, bad.body.details[0].message], [400, 'Choose light, dark or follow the system']);
});

test('an admin reset link works once, within a day, and signs the person in with the new password', async ({ t }) => {
  const before = cookieOf(await signIn(t, 'wes', 'a long first password'));
  const made = await t.request(`/api/admin/users/${ids.wes}/password-reset`, { method: 'POST', cookie: admin, json: { mode: 'link' } });
  assert.is(made.status, 200);
  const token = /^#\/reset\/([A-Za-z0-9_-]{43})$/.exec(made.body.path)![1]!;
  const hours = (Date.parse(made.body.expiresAt) - Date.now()) / 3_600_000;
  assert.ok(hours > 23.9 && hours <= 24, `valid for ${hours} h`);
  assert.equal((await t.request(`/api/password-reset/${token}`)).body.username, 'wes');
  const used = await t.request(`/api/password-reset/${token}`, { method: 'POST', json: { password: 'wes picked this one' } });
  assert.is(used.status, 200);
  assert.is((await t.request('/api/me/profile', { cookie: cookieOf(used) })).body.username, 'wes');
  assert.is((await t.request('/api/me/profile', { cookie: before })).status, 401, 'older sessions end');
  const again = await t.request(`/api/password-reset/${token}`, { method: 'POST', json: { password: 'another try at it' } });
  assert.equal([again.status, again.body.error], [404, 'This link was used already or has expired: ask an admin for a new one']);
  assert.ok((await audit(t, 'password-reset')).some((e: any) => e.target === ids.wes && e.detail.mode === 'link'));
  assert.ok((await audit(t, 'password-reset-used')).some((e: any) => e.target === ids.wes));
});

test('a temporary password signs in once and must be changed', async ({ t }) => {
  const made = await t.request(`/api/admin/users/${ids.wes}/password-reset`, { method: 'POST', cookie: admin, json: { mode: 'temporary' } });
  assert.match(made.body.password, /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
  assert.is((await signIn(t, 'wes', 'wes picked this one')).status, 401, 'the old password is gone');
  const me = cookieOf(await signIn(t, 'wes', made.body.password));
  assert.is((await t.request('/api/me/profile', { cookie: me })).body.mustChangePassword, true);
  await t.request('/api/me/password', { method: 'POST', cookie: me, json: { current: made.body.password, password: 'my own password again' } });
  assert.is((await t.request('/api/me/profile', { cookie: me })).body.mustChangePassword, false);
});

test("a temporary password's session may only choose a new password, ask who it is and sign out", async ({ t }) => {
  const made = await t.request(`/api/admin/users/${ids.wes}/password-reset`, { method: 'POST', cookie: admin, json: { mode: 'temporary' } });
  const temporary = made.body.password;
  const me = cookieOf(await signIn(t, 'wes', temporary));
  assert.equal((await t.request('/api/me', { cookie: me })).body, { user: { id: ids.wes, name: 'wes', role: 'user' }, mustChangePassword: true });
  for (const [method, path, json] of [['GET', '/api/tokens'], ['POST', '/api/tokens', { name: 'script' }], ['PATCH', '/api/me/profile', { theme: 'dark' }], ['GET', '/api/auth/identities'], ['GET', '/api/admin/users']] as const) {
    const refused = await t.request(path, { method, cookie: me, ...(json ? { json } : {}) });
    assert.equal([refused.status, refused.body.error], [403, 'Choose a new password before you go on: you signed in with a temporary one'], `${method} ${path}`);
    assertPlainWords(refused.body.error);
  }
  assert.is((await t.request('/api/me/profile', { cookie: me })).body.mustChangePassword, true);
  // Another tab with the same temporary password signs out like any session.
  const other = cookieOf(await signIn(t, 'wes', temporary, '10.0.0.8'));
  assert.is((await t.request('/api/auth/logout', { method: 'POST', cookie: other })).status, 204);
  assert.equal((await t.request('/api/me', { cookie: other })).body, { user: null });
  const changed = await t.request('/api/me/password', { method: 'POST', cookie: me, json: { current: temporary, password: 'wes has his own again' } });
  assert.is(changed.status, 200, changed.text);
  assert.equal((await t.request('/api/me', { cookie: me })).body, { user: { id: ids.wes, name: 'wes', role: 'user' } });
  assert.is((await t.request('/api/tokens', { cookie: me })).status, 200, 'the same session goes on once the password is its own');
});

test('an invite makes one account with its role, once; a withdrawn invite is gone', async ({ t }) => {
  const made = await t.request('/api/admin/invites', { method: 'POST', cookie: admin, json: { role: 'user', validFor: '1d' } });
  assert.is(made.status, 201);
  const token = /^#\/invite\/([A-Za-z0-9_-]{43})$/.exec(made.body.path)![1]!;
  assert.equal((await t.request(`/api/invites/${token}`)).body.role, 'user');
  assert.equal((await t.request('/api/admin/invites', { cookie: admin })).body.invites.map((i: any) => [i.id, i.createdBy]), [[made.body.id, null]]);
  const taken = await t.request(`/api/invites/${token}`, { method: 'POST', json: { username: 'uma', password: 'zoe chose this one' } });
  assert.equal([taken.status, taken.body.details[0].message], [409, 'That username is taken: choose another']);
  const joined = await t.request(`/api/invites/${token}`, { method: 'POST', json: { username: 'zoe', password: 'zoe chose this one', displayName: '' } });
  assert.is(joined.status, 201, joined.text);
  assert.equal([joined.body.user.name, joined.body.user.role], ['zoe', 'user']);
  assert.is((await t.request('/api/me/profile', { cookie: cookieOf(joined) })).body.username, 'zoe');
  assert.is((await t.request(`/api/invites/${token}`, { method: 'POST', json: { username: 'zed', password: 'zed chose this one' } })).status, 404);
  assert.equal((await t.request('/api/admin/invites', { cookie: admin })).body.invites, []);
  const second = await t.request('/api/admin/invites', { method: 'POST', cookie: admin, json: { role: 'admin' } });
  assert.is((await t.request(`/api/admin/invites/${second.body.id}`, { method: 'DELETE', cookie: admin })).status, 204);
  const gone = /([A-Za-z0-9_-]{43})$/.exec(second.body.path)![1];
  assert.is((await t.request(`/api/invites/${gone}`)).status, 404);
  const actions = (await t.request('/api/admin/audit', { cookie: admin })).body.entries.map((e: any) => e.action);
  for (const a of ['invite-create', 'invite-accept', 'invite-revoke']) assert.ok(actions.includes(a), a);
  assert.is((await t.request('/api/admin/invites', { cookie: await t.sessionCookie('user') })).status, 403);
});

test('wrong passwords lock the (account, address) pair; the owner elsewhere and the rest of the household still sign in', async ({ t }) => {
  for (let i = 0; i < 3; i++) assert.is((await signIn(t, 'zoe', `guess number ${i}`, '203.0.113.9')).status, 401);
  const locked = await signIn(t, 'zoe', 'zoe chose this one', '203.0.113.9');
  assert.is(locked.status, 429, 'the right password is not even checked while the pair is locked');
  const retry = Number(locked.headers.get('retry-after'));
  assert.ok(retry > 800 && retry <= 900, `Retry-After ${retry}`);
  assert.is(locked.body.details.retryAfterSeconds, retry);
  assert.match(locked.body.error, /^Too many wrong passwords for this account from here: try again in 1[45]:\d\d minutes$/);
  assert.is((await signIn(t, 'zoe', 'zoe chose this one', '10.0.0.7')).status, 200, 'the owner at home is not locked out');
  assert.is((await signIn(t, 'uma', 'a brand new password', '203.0.113.9')).status, 200, 'others behind the same address sign in');
  await signIn(t, 'zoe', 'again', '203.0.113.9');
  await signIn(t, 'zoe', 'and again', '203.0.113.9');
  const refused = (await audit(t, 'signin-refused')).filter((e: any) => e.actor === 'zoe');
  assert.is(refused.length, 1, 'one row per lock');
  assert.is(refused[0].detail.refused, 3, 'counting every refused try');
});

test('many wrong passwords from one address lock that address for every account, loosely', async ({ t }) => {
  const ip = '198.51.100.4';
  for (let i = 0; i < 8; i++) assert.is((await signIn(t, `someone${i}`, 'not a password', ip)).status, 401);
  const res = await signIn(t, 'vic', 'a long first password', ip);
  assert.is(res.status, 429);
  assert.match(res.body.error, /^Too many wrong passwords from this network/);
});

test('an admin cannot disable or demote themselves, and says why', async ({ t }) => {
  const made = await t.request('/api/admin/users', { method: 'POST', cookie: admin, json: { username: 'boss', password: 'a long first password', role: 'admin' } });
  const boss = cookieOf(await signIn(t, 'boss', 'a long first password', '10.0.0.2'));
  const disable = await t.request(`/api/admin/users/${made.body.user.id}`, { method: 'PATCH', cookie: boss, json: { disabled: true } });
  assert.equal([disable.status, disable.body.error], [409, 'You cannot disable your own account: ask another admin']);
  const demote = await t.request(`/api/admin/users/${made.body.user.id}`, { method: 'PATCH', cookie: boss, json: { role: 'user' } });
  assert.equal([demote.status, demote.body.error], [409, 'You cannot take away your own admin role: ask another admin']);
});

test("an admin ending someone's session tells their open tab why", async ({ t }) => {
  const vic = cookieOf(await signIn(t, 'vic', 'a long first password', '10.0.0.3'));
  const socket = await connectSocket(t.url, vic);
  const told = new Promise<any>((resolve) => socket.once('core.session.ended', resolve));
  const sessions = (await t.request('/api/admin/sessions', { cookie: admin })).body.sessions.filter((s: any) => s.user.id === ids.vic);
  for (const s of sessions) await t.request(`/api/admin/sessions/${s.handle}`, { method: 'DELETE', cookie: admin });
  assert.equal(await told, { reason: 'An admin ended this session' });
  socket.disconnect();
  const updated = await t.request(`/api/admin/users/${ids.vic}`, { method: 'PATCH', cookie: admin, json: { displayName: 'Vic' } });
  assert.is(updated.status, 200);
  const [entry] = await audit(t, 'user-update');
  assert.equal(entry.detail.changes, { displayName: { from: 'vic', to: 'Vic' } });
});

test.run();
