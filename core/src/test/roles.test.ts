import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Socket } from 'socket.io-client';
import { connectSocket, nextEvent } from './support/socket.js';
import { startTestCore, type TestCore } from '../testing.js';
import { fixturePlugin } from './support/fixtures.js';

const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url));
const test = suite<{ t: TestCore; worker: ChildProcess; socket: Socket; workerLog: string }>('web and worker processes');

test.before(async (ctx) => {
  ctx.t = await startTestCore({ role: 'web', plugins: { 'jobs-demo': { path: fixturePlugin('jobs-demo') } } });
  ctx.workerLog = '';
  ctx.worker = spawn(process.execPath, [CLI, 'worker'], {
    env: {
      ...process.env,
      DATABASE_URL: ctx.t.core.config.databaseUrl!,
      REDIS_URL: ctx.t.core.config.redisUrl,
      REDIS_PREFIX: ctx.t.redisPrefix,
      PLUGINS_FILE: ctx.t.pluginsFile,
      JOB_STALL_INTERVAL_MS: '1000',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  ctx.worker.stdout!.on('data', (c) => (ctx.workerLog += c));
  ctx.worker.stderr!.on('data', (c) => (ctx.workerLog += c));
  await ctx.t.waitFor(() => ctx.workerLog.includes('MediaNest worker is ready'), 60_000, 'the worker to start');
  ctx.socket = await connectSocket(ctx.t.url);
});
test.after(async (ctx) => {
  ctx.socket?.disconnect();
  if (ctx.worker && ctx.worker.exitCode === null) {
    const exited = new Promise((r) => ctx.worker.once('exit', r));
    ctx.worker.kill('SIGTERM');
    await exited;
  }
  await ctx.t?.stop();
});

test('a web process queues a job that a separate worker process runs, and the events reach the browser', async ({ t, socket }) => {
  const progress: number[] = [];
  socket.on('jobs-demo.count.progress', (e: any) => progress.push(e.progress));
  const done = nextEvent(socket, 'jobs-demo.count.succeeded', 8000);
  const res = await t.request('/api/plugins/jobs-demo/count', { method: 'POST', json: { to: 2 } });
  assert.is(res.status, 200);
  const result = await done;
  assert.equal(result, { jobId: res.body.id, result: { counted: 2 } });
  assert.equal(progress, [50, 100]);
});

test('repeating jobs run in the worker, not in the web process', async ({ t, socket }) => {
  const tick = await nextEvent(socket, 'jobs-demo.tick', 3000);
  assert.ok(tick.n >= 1);
});

test('the worker stops cleanly on SIGTERM', async ({ worker }) => {
  const exited = new Promise<number | null>((r) => worker.once('exit', (code) => r(code)));
  worker.kill('SIGTERM');
  assert.is(await exited, 0);
});

test.run();
