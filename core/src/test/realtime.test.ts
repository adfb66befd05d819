import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Socket } from 'socket.io-client';
import { connectSocket } from './support/socket.js';
import { startTestCore, type TestCore } from '../testing.js';
import { fixturePlugin } from './support/fixtures.js';

interface Ctx {
  t: TestCore;
  admin: string;
  sockets: Record<'anonymous' | 'uma' | 'bo' | 'admin', Socket>;
  heard: Record<string, string[]>;
}
const test = suite<Ctx>('live events and rooms');

test.before(async (ctx) => {
  ctx.t = await startTestCore({ plugins: { hello: { path: fixturePlugin('hello') } } });
  ctx.admin = await ctx.t.sessionCookie('admin', { id: 'ada' });
  const cookies = {
    anonymous: undefined,
    uma: await ctx.t.sessionCookie('user', { id: 'uma' }),
    bo: await ctx.t.sessionCookie('user', { id: 'bo' }),
    admin: ctx.admin,
  };
  ctx.heard = {};
  ctx.sockets = {} as Ctx['sockets'];
  for (const [name, cookie] of Object.entries(cookies)) {
    const socket = await connectSocket(ctx.t.url, cookie);
    ctx.heard[name] = [];
    socket.on('hello.note', (d: { to: string }) => ctx.heard[name]!.push(d.to));
    ctx.sockets[name as keyof Ctx['sockets']] = socket;
  }
});
test.after(async (ctx) => {
  for (const s of Object.values(ctx.sockets ?? {})) s.disconnect();
  await ctx.t?.stop();
});

async function send(ctx: Ctx, body: object) {
  const res = await ctx.t.request('/api/plugins/hello/notify', { method: 'POST', json: body, cookie: ctx.admin });
  assert.is(res.status, 204);
  await new Promise((r) => setTimeout(r, 200));
}

test('an event to everyone reaches every connected browser, signed in or not', async (ctx) => {
  await send(ctx, { to: 'all' });
  assert.equal(Object.values(ctx.heard).map((h) => h.includes('all')), [true, true, true, true]);
});

test('an event to signed-in users reaches every signed-in browser but no anonymous one', async (ctx) => {
  await send(ctx, { to: 'users' });
  assert.equal(Object.fromEntries(Object.entries(ctx.heard).map(([k, h]) => [k, h.includes('users')])), { anonymous: false, uma: true, bo: true, admin: true });
});

test('an event to admins reaches only admins', async (ctx) => {
  await send(ctx, { to: 'admins' });
  assert.equal(Object.fromEntries(Object.entries(ctx.heard).map(([k, h]) => [k, h.includes('admins')])), { anonymous: false, uma: false, bo: false, admin: true });
});

test("an event to a user reaches that user's tabs only", async (ctx) => {
  await send(ctx, { to: 'user', userId: 'uma' });
  assert.equal(Object.fromEntries(Object.entries(ctx.heard).map(([k, h]) => [k, h.includes('user')])), { anonymous: false, uma: true, bo: false, admin: false });
});

test.run();
