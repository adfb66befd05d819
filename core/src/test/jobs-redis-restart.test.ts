import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capturingLogger, jobSystem, silent, sleep, SpareRedis, testPrefix, until, within, type TestJobs } from './fixtures/jobs-helpers.js';

interface Ctx {
  dir: string;
  redis: SpareRedis;
  prefix: string;
  systems: TestJobs[];
}

const test = suite<Ctx>('jobs survive Redis restarts');

test.before.each(async (ctx) => {
  ctx.dir = await mkdtemp(join(tmpdir(), 'medianest-jobs-redis-'));
  ctx.redis = new SpareRedis(await SpareRedis.freePort(), ctx.dir);
  await ctx.redis.start();
  ctx.prefix = testPrefix();
  ctx.systems = [];
});

test.after.each(async (ctx) => {
  await ctx.redis.start().catch(() => {}); // closing is quicker with Redis there
  for (const s of ctx.systems) await s.close();
  await ctx.redis.kill();
  await rm(ctx.dir, { recursive: true, force: true });
});

const succeeded = (sys: TestJobs, name: string) => sys.heard.filter((h) => h.event === name).map((h) => h.data.jobId as string);

test('jobs queued while no worker runs survive a Redis crash and restart, and every one completes', async (ctx) => {
  const producer = jobSystem(ctx.redis.url, ctx.prefix, { processJobs: false });
  ctx.systems.push(producer);
  const queue = producer.jobs.define('fixture', 'work', async () => null, {}, silent);
  const ids: string[] = [];
  for (let i = 0; i < 20; i++) ids.push((await queue.add({ i })).id);
  ids.push((await queue.add({ i: 20 }, { delay: '300ms' })).id);

  await ctx.redis.kill(); // SIGKILL: only what the append-only file holds survives
  await ctx.redis.start();

  const worker = jobSystem(ctx.redis.url, ctx.prefix, { processJobs: true });
  ctx.systems.push(worker);
  const seen: number[] = [];
  worker.jobs.define('fixture', 'work', async (job) => {
    seen.push((job.data as { i: number }).i);
    return null;
  }, { concurrency: 4 }, silent);
  await until(() => succeeded(worker, 'fixture.work.succeeded').length === ids.length, 8000, `all ${ids.length} jobs`);
  assert.equal(succeeded(worker, 'fixture.work.succeeded').sort(), [...ids].sort());
  assert.equal(seen.sort((a, b) => a - b), Array.from({ length: 21 }, (_, i) => i), 'each job ran once');
});

test('a worker running while Redis restarts keeps processing afterwards, and nothing throws', async (ctx) => {
  const { log, lines } = capturingLogger();
  const producer = jobSystem(ctx.redis.url, ctx.prefix, { processJobs: false });
  const worker = jobSystem(ctx.redis.url, ctx.prefix, { processJobs: true, log });
  ctx.systems.push(producer, worker);
  const queue = producer.jobs.define('fixture', 'work', async () => null, {}, silent);
  worker.jobs.define('fixture', 'work', async (job) => (job.data as { i: number }).i * 10, { concurrency: 2 }, log.child({ plugin: 'fixture' }));

  const first = await queue.add({ i: 1 });
  await until(() => succeeded(worker, 'fixture.work.succeeded').includes(first.id), 5000, 'a job before the restart');
  // A retry waits in the delayed set across the restart.
  const flaky = producer.jobs.define('fixture', 'flaky', async () => null, { attempts: 2, backoff: { strategy: 'fixed', delay: '600ms' } }, silent);
  const tries: number[] = [];
  worker.jobs.define('fixture', 'flaky', async (job) => {
    tries.push(job.attempt);
    if (job.attempt === 1) throw new Error('first try fails');
    return 'second try';
  }, { attempts: 2, backoff: { strategy: 'fixed', delay: '600ms' } }, silent);
  await flaky.add({});
  await until(() => tries.length === 1, 3000, 'the first try');

  // The worker is blocked waiting for jobs when Redis goes away, twice: a crash and a shutdown.
  await ctx.redis.kill();
  await sleep(300);
  await ctx.redis.start();
  await ctx.redis.shutdown();
  await sleep(300);
  const during = within(queue.add({ i: 2 }), 8000, 'a job added while Redis was down'); // waits for Redis
  await sleep(300);
  await ctx.redis.start();
  const second = await during;
  const later: string[] = [];
  for (let i = 3; i < 6; i++) later.push((await queue.add({ i })).id);

  await until(() => [second.id, ...later].every((id) => succeeded(worker, 'fixture.work.succeeded').includes(id)), 10_000, 'the jobs added around the restart');
  await until(() => worker.heard.some((h) => h.event === 'fixture.flaky.succeeded'), 10_000, 'the delayed retry');
  assert.equal(tries, [1, 2]);
  const results = worker.heard.filter((h) => h.event === 'fixture.work.succeeded').map((h) => h.data.result).sort((a, b) => a - b);
  assert.equal(results, [10, 20, 30, 40, 50]);
  assert.ok(lines.some((l) => l.msg === 'job queue reconnected to Redis'), 'the reconnect was logged');
});

test('a queue opened while Redis is down starts working once Redis is up, and closing while Redis is down does not hang', async (ctx) => {
  await ctx.redis.kill();
  const { log, lines } = capturingLogger();
  const worker = jobSystem(ctx.redis.url, ctx.prefix, { processJobs: true, log });
  ctx.systems.push(worker);
  const queue = worker.jobs.define('fixture', 'early', async (job) => (job.data as { n: number }).n + 1, {}, log.child({ plugin: 'fixture' }));
  const added = queue.add({ n: 41 });
  await sleep(500);
  const warned = lines.find((l) => l.msg === 'job queue cannot reach Redis; retrying');
  assert.ok(warned, 'the outage was logged');
  assert.is(warned.plugin, 'fixture');
  assert.is(warned.queue, 'fixture:early');
  await ctx.redis.start();
  const { id } = await within(added, 5000, 'the job to be stored');
  await until(() => worker.heard.some((h) => h.event === 'fixture.early.succeeded'), 5000, 'the job to run');
  assert.equal(worker.heard.find((h) => h.event === 'fixture.early.succeeded')!.data, { jobId: id, result: 42 });

  await ctx.redis.kill();
  const closing = Date.now();
  await within(worker.jobs.close(), 5000, 'the job system to close');
  assert.ok(Date.now() - closing < 3000, `closed in ${Date.now() - closing} ms`);
});

test.run();
