import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import { SessionStore, SESSION_COOKIE } from '../auth/sessions.js';
import { SocketServer } from '../realtime/socket-server.js';
import { redisEmit } from '../realtime/redis-emit.js';
import { dropPrefix, jobSystem, silent, testPrefix, TEST_REDIS_URL, until, within, type TestJobs } from './fixtures/jobs-helpers.js';

interface Ctx {
  prefix: string;
  server: Server;
  url: string;
  pub: Redis;
  sub: Redis;
  sockets: SocketServer;
  sessions: SessionStore;
  clients: Socket[];
  systems: TestJobs[];
}

const test = suite<Ctx>('live job events reach browsers');

test.before(async (ctx) => {
  ctx.prefix = testPrefix();
  ctx.clients = [];
  ctx.systems = [];
  ctx.pub = new Redis(TEST_REDIS_URL);
  ctx.sub = new Redis(TEST_REDIS_URL);
  ctx.sessions = new SessionStore(ctx.pub, ctx.prefix);
  ctx.server = createServer((_req, res) => res.writeHead(404).end());
  ctx.sockets = new SocketServer(ctx.server, ctx.pub, ctx.sub, ctx.prefix, ctx.sessions, silent, { trustProxy: false });
  await new Promise<void>((resolve) => ctx.server.listen(0, '127.0.0.1', resolve));
  ctx.url = `http://127.0.0.1:${(ctx.server.address() as AddressInfo).port}`;
});

test.after.each(async (ctx) => {
  for (const c of ctx.clients.splice(0)) c.disconnect();
  for (const s of ctx.systems.splice(0)) await s.close();
});

test.after(async (ctx) => {
  ctx.server.closeAllConnections();
  await ctx.sockets.close();
  ctx.pub.disconnect();
  ctx.sub.disconnect();
  await dropPrefix(TEST_REDIS_URL, ctx.prefix);
});

/** A real socket.io client over a real WebSocket, signed in as `user` when given. */
async function browser(ctx: Ctx, user?: { id: string; role: 'admin' | 'user' }): Promise<Socket> {
  const headers: Record<string, string> = {};
  if (user) {
    const sid = randomBytes(24).toString('base64url');
    await ctx.sessions.create(sid, { id: user.id, name: user.id, role: user.role });
    headers.cookie = `${SESSION_COOKIE}=${sid}`;
  }
  const socket = io(ctx.url, { transports: ['websocket'], reconnection: false, extraHeaders: headers });
  ctx.clients.push(socket);
  await within(new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  }), 5000, 'the socket to connect');
  return socket;
}

function record(socket: Socket): Array<{ event: string; data: any }> {
  const got: Array<{ event: string; data: any }> = [];
  socket.onAny((event: string, data: any) => got.push({ event, data }));
  return got;
}

test('a job runs, reports progress, and its progress and succeeded events reach a socket.io client', async (ctx) => {
  const sys = jobSystem(TEST_REDIS_URL, ctx.prefix, { processJobs: true, emit: ctx.sockets.emit });
  ctx.systems.push(sys);
  const socket = await browser(ctx);
  const got = record(socket);
  const queue = sys.jobs.define('demo', 'count', async (job: { data: { to: number }; progress(v: number): void }) => {
    for (let i = 1; i <= job.data.to; i++) {
      job.progress(Math.round((i / job.data.to) * 100));
      await new Promise((r) => setTimeout(r, 10));
    }
    return { counted: job.data.to };
  }, {}, silent);

  const { id } = await queue.add({ to: 4 }, { notify: 'all' });
  await until(() => got.some((e) => e.event === 'demo.count.succeeded'), 5000, 'the succeeded event');
  assert.equal(got, [
    { event: 'demo.count.progress', data: { jobId: id, progress: 25 } },
    { event: 'demo.count.progress', data: { jobId: id, progress: 50 } },
    { event: 'demo.count.progress', data: { jobId: id, progress: 75 } },
    { event: 'demo.count.progress', data: { jobId: id, progress: 100 } },
    { event: 'demo.count.succeeded', data: { jobId: id, result: { counted: 4 } } },
  ]);
  const counts = await queue.counts();
  assert.equal(counts, { waiting: 0, active: 0, succeeded: 1, failed: 0, delayed: 0 });
});

test('a worker with no socket server reaches only the notified user, through the Redis adapter', async (ctx) => {
  // As in production: the web process only adds jobs; a worker process emits through Redis.
  const web = jobSystem(TEST_REDIS_URL, ctx.prefix, { processJobs: false, emit: ctx.sockets.emit });
  const emitter = new Redis(TEST_REDIS_URL);
  const worker = jobSystem(TEST_REDIS_URL, ctx.prefix, { processJobs: true, emit: redisEmit(emitter, ctx.prefix) });
  ctx.systems.push(web, worker, { close: async () => emitter.disconnect() } as TestJobs);
  const uma = record(await browser(ctx, { id: 'uma', role: 'user' }));
  const other = record(await browser(ctx, { id: 'otto', role: 'user' }));
  const anonymous = record(await browser(ctx));

  const queue = web.jobs.define('demo', 'convert', async () => 'unused', {}, silent);
  worker.jobs.define('demo', 'convert', async (job) => {
    job.progress({ step: 'encoding' });
    return { file: `${(job.data as { name: string }).name}.mp4` };
  }, {}, silent);
  const { id } = await queue.add({ name: 'clip' }, { notify: { user: 'uma' } });

  await until(() => uma.some((e) => e.event === 'demo.convert.succeeded'), 5000, "uma's succeeded event");
  assert.equal(uma, [
    { event: 'demo.convert.progress', data: { jobId: id, progress: { step: 'encoding' } } },
    { event: 'demo.convert.succeeded', data: { jobId: id, result: { file: 'clip.mp4' } } },
  ]);
  await new Promise((r) => setTimeout(r, 150)); // anything misrouted would have arrived by now
  assert.equal(other, []);
  assert.equal(anonymous, []);
});

test('a final failure reaches the admins and not other users', async (ctx) => {
  const sys = jobSystem(TEST_REDIS_URL, ctx.prefix, { processJobs: true, emit: ctx.sockets.emit });
  ctx.systems.push(sys);
  const admin = record(await browser(ctx, { id: 'ada', role: 'admin' }));
  const user = record(await browser(ctx, { id: 'uma', role: 'user' }));
  const queue = sys.jobs.define('demo', 'broken', async () => {
    throw new Error('upstream said 502');
  }, {}, silent);
  const { id } = await queue.add({});
  await until(() => admin.length > 0, 5000, 'the failed event');
  assert.equal(admin, [{ event: 'demo.broken.failed', data: { jobId: id, error: 'upstream said 502' } }]);
  await new Promise((r) => setTimeout(r, 150));
  assert.equal(user, []);
});

test.run();
