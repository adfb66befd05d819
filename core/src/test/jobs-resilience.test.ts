import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { Redis } from 'ioredis';
import { JobSystem } from '../jobs/job-system.js';
import { redisOptions } from '../redis.js';
import { dropPrefix, testPrefix, TEST_REDIS_URL } from './support/env.js';
import { PrivateRedis } from './support/redis-server.js';

const silent = pino({ level: 'silent' });
const test = suite('jobs survive failures');

interface Heard { room: string; event: string; data: any }

function jobSystem(redisUrl: string, prefix: string, processJobs: boolean, heard: Heard[] = []) {
  const client = new Redis(redisUrl, { maxRetriesPerRequest: null });
  client.on('error', () => {});
  const jobs = new JobSystem({
    redis: redisOptions(redisUrl),
    client,
    prefix,
    log: silent,
    emit: (room, event, data) => heard.push({ room, event, data }),
    processJobs,
    stallIntervalMs: 500,
  });
  return { jobs, heard, close: async () => { await jobs.close(); client.disconnect(); } };
}

async function until(check: () => boolean, ms: number, what: string) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

test('a job whose worker process is killed mid-run is run again by another worker', async () => {
  const prefix = testPrefix();
  const script = fileURLToPath(new URL('./fixtures/jobs-worker.js', import.meta.url));
  const child = spawn(process.execPath, [script, TEST_REDIS_URL, prefix], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  const producer = jobSystem(TEST_REDIS_URL, prefix, false);
  const rescuer = { system: undefined as ReturnType<typeof jobSystem> | undefined };
  try {
    await until(() => out.includes('ready'), 5000, 'the worker to start');
    const queue = producer.jobs.define('fixture', 'slow', async () => 'unused', {}, silent);
    const { id } = await queue.add({ n: 1 }, { notify: 'all' });
    await until(() => out.includes(`started ${id}`), 5000, 'the worker to take the job');
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    rescuer.system = jobSystem(TEST_REDIS_URL, prefix, true);
    rescuer.system.jobs.define('fixture', 'slow', async (job) => ({ rescued: job.id }), {}, silent);
    await until(() => rescuer.system!.heard.some((h) => h.event === 'fixture.slow.succeeded'), 8000, 'the job to run again');
    const done = rescuer.system.heard.find((h) => h.event === 'fixture.slow.succeeded')!;
    assert.equal(done.data, { jobId: id, result: { rescued: id } });
    assert.is(done.room, 'all');
  } finally {
    child.kill('SIGKILL');
    await producer.close();
    await rescuer.system?.close();
    await dropPrefix(TEST_REDIS_URL, prefix);
  }
});

test('queued jobs survive a Redis crash and restart, and a running worker resumes afterwards', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'medianest-redis-'));
  const redis = new PrivateRedis(await PrivateRedis.freePort(), dir);
  await redis.start();
  const prefix = testPrefix();
  const producer = jobSystem(redis.url, prefix, false);
  let worker: ReturnType<typeof jobSystem> | undefined;
  try {
    const queue = producer.jobs.define('fixture', 'work', async () => null, {}, silent);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await queue.add({ i })).id);

    await redis.kill();
    await redis.start();

    worker = jobSystem(redis.url, prefix, true);
    worker.jobs.define('fixture', 'work', async (job: any) => job.data.i * 10, { concurrency: 2 }, silent);
    await until(() => worker!.heard.filter((h) => h.event === 'fixture.work.succeeded').length === 5, 8000, 'all five jobs');
    assert.equal(worker.heard.filter((h) => h.event === 'fixture.work.succeeded').map((h) => h.data.jobId).sort(), [...ids].sort());

    // Now the worker is running (blocked waiting for jobs) when Redis dies again.
    await redis.kill();
    await new Promise((r) => setTimeout(r, 300));
    await redis.start();
    let added = 0;
    const deadline = Date.now() + 8000;
    while (added < 3 && Date.now() < deadline) {
      try {
        await queue.add({ i: 100 + added });
        added++;
      } catch {
        await new Promise((r) => setTimeout(r, 100)); // the producer's client is still reconnecting
      }
    }
    await until(() => worker!.heard.filter((h) => h.event === 'fixture.work.succeeded').length === 8, 10000, 'the jobs added after the restart');
  } finally {
    await producer.close();
    await worker?.close();
    await redis.kill();
    await rm(dir, { recursive: true, force: true });
  }
});

test('a failing job is retried with backoff and its final failure is an event', async () => {
  const prefix = testPrefix();
  const sys = jobSystem(TEST_REDIS_URL, prefix, true);
  try {
    const attempts: number[] = [];
    const queue = sys.jobs.define('fixture', 'flaky', async (job) => {
      attempts.push(job.attempt);
      throw new Error(`try ${job.attempt} failed`);
    }, { attempts: 3, backoff: { strategy: 'fixed', delay: '50ms' } }, silent);
    const { id } = await queue.add({}, { notify: { user: 'u7' } });
    await until(() => sys.heard.some((h) => h.event === 'fixture.flaky.failed'), 5000, 'the final failure');
    assert.equal(attempts, [1, 2, 3]);
    const failed = sys.heard.find((h) => h.event === 'fixture.flaky.failed')!;
    assert.equal(failed, { room: 'user:u7', event: 'fixture.flaky.failed', data: { jobId: id, error: 'try 3 failed' } });
    assert.is(sys.heard.filter((h) => h.event === 'fixture.flaky.failed').length, 1);
  } finally {
    await sys.close();
    await dropPrefix(TEST_REDIS_URL, prefix);
  }
});

test('a try that runs past its timeout fails and its signal aborts', async () => {
  const prefix = testPrefix();
  const sys = jobSystem(TEST_REDIS_URL, prefix, true);
  try {
    let aborted = false;
    const queue = sys.jobs.define('fixture', 'slow', async (job) => {
      job.signal.addEventListener('abort', () => (aborted = true));
      await new Promise((r) => setTimeout(r, 5000));
    }, { timeout: '200ms' }, silent);
    await queue.add({});
    await until(() => sys.heard.some((h) => h.event === 'fixture.slow.failed'), 3000, 'the timeout');
    assert.match(sys.heard.find((h) => h.event === 'fixture.slow.failed')!.data.error, /timed out after 200 ms/);
    assert.ok(aborted);
  } finally {
    await sys.close();
    await dropPrefix(TEST_REDIS_URL, prefix);
  }
});

test('a repeating job runs once per slot across two processes', async () => {
  const prefix = testPrefix();
  const a = jobSystem(TEST_REDIS_URL, prefix, true);
  const b = jobSystem(TEST_REDIS_URL, prefix, true);
  try {
    const runs: string[] = [];
    const handler = async (job: { id: string }) => { runs.push(job.id); };
    const started = Date.now();
    a.jobs.every('fixture', 'tick', '200ms', handler, {}, silent);
    b.jobs.every('fixture', 'tick', '200ms', handler, {}, silent);
    await new Promise((r) => setTimeout(r, 1300));
    const slots = Math.floor((Date.now() - started) / 200);
    assert.is(new Set(runs).size, runs.length, `no slot ran twice: ${runs.join(',')}`);
    assert.ok(runs.length >= slots - 1 && runs.length <= slots + 2, `${runs.length} runs in about ${slots} slots`);
  } finally {
    await a.close();
    await b.close();
    await dropPrefix(TEST_REDIS_URL, prefix);
  }
});

test.run();
