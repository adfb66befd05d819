import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { dropPrefix, jobSystem, silent, sleep, testPrefix, TEST_REDIS_URL, until, type TestJobs } from './fixtures/jobs-helpers.js';

const test = suite<{ prefix: string; systems: TestJobs[] }>('repeating jobs');

test.before.each((ctx) => {
  ctx.prefix = testPrefix();
  ctx.systems = [];
});
test.after.each(async (ctx) => {
  for (const s of ctx.systems) await s.close();
  await dropPrefix(TEST_REDIS_URL, ctx.prefix);
});

function systems(ctx: { prefix: string; systems: TestJobs[] }, n: number, processJobs = true): TestJobs[] {
  const made = Array.from({ length: n }, () => jobSystem(TEST_REDIS_URL, ctx.prefix, { processJobs }));
  ctx.systems.push(...made);
  return made;
}

test('a repeating job runs once per slot across two job systems sharing Redis', async (ctx) => {
  const [a, b] = systems(ctx, 2);
  const runs: Array<{ id: string; by: string }> = [];
  const interval = 300;
  const started = Date.now();
  a!.jobs.every('fixture', 'tick', interval, async (job) => void runs.push({ id: job.id, by: 'a' }), {}, silent);
  b!.jobs.every('fixture', 'tick', interval, async (job) => void runs.push({ id: job.id, by: 'b' }), {}, silent);
  await sleep(1500);
  const ended = Date.now();
  const slots = Math.floor(ended / interval) - Math.floor(started / interval) + 1;
  const ids = runs.map((r) => r.id);
  assert.is(new Set(ids).size, ids.length, `no slot ran twice: ${ids.join(', ')}`);
  // The slot that started as the wait ended may not have run yet; a busy machine may skip one more.
  assert.ok(runs.length >= slots - 2 && runs.length <= slots, `${runs.length} runs in ${slots} slots`);
  for (const id of ids) assert.match(id, /^\d+$/, 'the job id is the slot number');
  const slotNumbers = ids.map(Number).sort((x, y) => x - y);
  assert.ok(slotNumbers[0]! - Math.floor(started / interval) <= 1, 'the first run took the slot the schedule started in');
});

test('the first run comes soon after start, not a whole interval later', async (ctx) => {
  const [a] = systems(ctx, 1);
  let firstAt = 0;
  const started = Date.now();
  a!.jobs.every('fixture', 'hourly', '1h', async () => {
    firstAt ||= Date.now();
  }, {}, silent);
  await until(() => firstAt > 0, 2000, 'the first run');
  assert.ok(firstAt - started < 1000, `first run after ${firstAt - started} ms`);
});

test('a process that only adds jobs never schedules, and a stopped plugin\'s repeating job runs no more', async (ctx) => {
  const [web] = systems(ctx, 1, false);
  let webRuns = 0;
  web!.jobs.every('fixture', 'tick', 100, async () => void webRuns++, {}, silent);
  await sleep(350);
  assert.is(webRuns, 0);
  assert.is((await ctx.systems[0]!.client.keys(`${ctx.prefix}sched:*`)).length, 0, 'no slot was taken');

  const [worker] = systems(ctx, 1);
  let runs = 0;
  worker!.jobs.every('fixture', 'tick', 100, async () => void runs++, {}, silent);
  await until(() => runs >= 2, 2000, 'two runs');
  await worker!.jobs.stopPlugin('fixture');
  const atStop = runs;
  await sleep(400);
  assert.is(runs, atStop, 'no run after the stop');
  assert.equal(await worker!.jobs.depths(), []);
});

test('a slot whose previous run is still going is skipped instead of piling up', async (ctx) => {
  const [a] = systems(ctx, 1);
  let running = 0;
  let overlapped = false;
  let runs = 0;
  a!.jobs.every('fixture', 'slow', 100, async () => {
    overlapped ||= running > 0;
    running++;
    runs++;
    await sleep(350);
    running--;
  }, { concurrency: 3 }, silent);
  await sleep(1200);
  assert.not.ok(overlapped, 'runs never overlapped');
  assert.ok(runs >= 2 && runs <= 4, `${runs} runs of a 350 ms job in 1.2 s`);
  const [depth] = await a!.jobs.depths();
  assert.ok(depth!.counts.waiting + depth!.counts.delayed === 0, 'no backlog');
});

test.run();
