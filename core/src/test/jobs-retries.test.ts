import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { checkJobDefinition } from '../jobs/job-system.js';
import { capturingLogger, dropPrefix, jobSystem, silent, testPrefix, TEST_REDIS_URL, until, type TestJobs } from './fixtures/jobs-helpers.js';

const test = suite<{ prefix: string; sys: TestJobs }>('job retries, failures and timeouts');

test.before.each((ctx) => {
  ctx.prefix = testPrefix();
  ctx.sys = jobSystem(TEST_REDIS_URL, ctx.prefix, { processJobs: true });
});
test.after.each(async (ctx) => {
  await ctx.sys.close();
  await dropPrefix(TEST_REDIS_URL, ctx.prefix);
});

const events = (sys: TestJobs, name: string) => sys.heard.filter((h) => h.event === name);

test('a failing job is retried with a fixed backoff and its final failure emits one failed event', async ({ sys }) => {
  const tries: Array<{ attempt: number; at: number }> = [];
  const queue = sys.jobs.define('fixture', 'flaky', async (job) => {
    tries.push({ attempt: job.attempt, at: Date.now() });
    throw new Error(`try ${job.attempt} failed`);
  }, { attempts: 3, backoff: { strategy: 'fixed', delay: '100ms' } }, silent);
  const { id } = await queue.add({}, { notify: { user: 'u7' } });

  await until(() => events(sys, 'fixture.flaky.failed').length > 0, 5000, 'the final failure');
  assert.equal(tries.map((t) => t.attempt), [1, 2, 3]);
  for (let i = 1; i < tries.length; i++) assert.ok(tries[i]!.at - tries[i - 1]!.at >= 95, `try ${i + 1} waited for the backoff`);
  assert.equal(sys.heard, [{ room: 'user:u7', event: 'fixture.flaky.failed', data: { jobId: id, error: 'try 3 failed' } }]);
  assert.equal(sys.outcomes, ['flaky:retried', 'flaky:retried', 'flaky:failed']);
  assert.equal(await queue.counts(), { waiting: 0, active: 0, succeeded: 0, failed: 1, delayed: 0 });
});

test('a job that fails once and then succeeds emits only the succeeded event, after an exponential backoff', async ({ sys }) => {
  const at: number[] = [];
  const queue = sys.jobs.define('fixture', 'second-time', async (job) => {
    at.push(Date.now());
    if (job.attempt < 3) throw new Error('not yet');
    return { attempt: job.attempt };
  }, { attempts: 5, backoff: { strategy: 'exponential', delay: 60 } }, silent);
  const { id } = await queue.add({});
  await until(() => events(sys, 'fixture.second-time.succeeded').length > 0, 5000, 'the success');
  assert.equal(sys.heard.map((h) => h.event), ['fixture.second-time.succeeded']);
  assert.equal(sys.heard[0]!.data, { jobId: id, result: { attempt: 3 } });
  assert.is(sys.heard[0]!.room, 'admins', 'the default audience is the admins');
  assert.ok(at[1]! - at[0]! >= 55 && at[2]! - at[1]! >= 115, `waits doubled: ${at[1]! - at[0]!} ms then ${at[2]! - at[1]!} ms`);
  assert.equal(sys.outcomes, ['second-time:retried', 'second-time:retried', 'second-time:succeeded']);
});

test('a try that runs past its timeout fails, its signal aborts, and the next try runs', async ({ sys }) => {
  const aborted: string[] = [];
  const queue = sys.jobs.define('fixture', 'slow', async (job) => {
    if (job.attempt === 1) {
      // Ignores its signal but for a note, and would answer much too late.
      job.signal.addEventListener('abort', () => aborted.push((job.signal.reason as Error).message));
      await new Promise((r) => setTimeout(r, 1500));
      return 'too late';
    }
    return 'quick';
  }, { timeout: '200ms', attempts: 2 }, silent);
  const started = Date.now();
  await queue.add({});
  await until(() => events(sys, 'fixture.slow.succeeded').length > 0, 3000, 'the second try');
  assert.ok(Date.now() - started < 1000, 'the first try was cut off at its timeout');
  assert.equal(aborted, ['timed out after 200 ms']);
  assert.is(events(sys, 'fixture.slow.succeeded')[0]!.data.result, 'quick');
  assert.equal(sys.outcomes, ['slow:retried', 'slow:succeeded']);
});

test('a final timeout emits the failed event with the timeout as its error', async ({ sys }) => {
  const queue = sys.jobs.define('fixture', 'hangs', () => new Promise(() => {}), { timeout: 150 }, silent);
  const { id } = await queue.add({});
  await until(() => events(sys, 'fixture.hangs.failed').length > 0, 3000, 'the timeout');
  assert.equal(events(sys, 'fixture.hangs.failed')[0]!.data, { jobId: id, error: 'timed out after 150 ms' });
});

test('handlers that throw synchronously or reject with a non-Error are contained and logged with the plugin id', async (ctx) => {
  const { log, lines } = capturingLogger();
  const pluginLog = log.child({ plugin: 'fixture' });
  const queue = ctx.sys.jobs.define('fixture', 'bad', ((job: { data: { how: string } }) => {
    if (job.data.how === 'sync') throw new TypeError('cannot read properties of undefined');
    return Promise.reject('a plain string');
  }) as never, {}, pluginLog);
  await queue.add({ how: 'sync' });
  await queue.add({ how: 'string' });
  await until(() => events(ctx.sys, 'fixture.bad.failed').length === 2, 3000, 'both failures');
  assert.equal(events(ctx.sys, 'fixture.bad.failed').map((e) => e.data.error).sort(), ['a plain string', 'cannot read properties of undefined']);
  const logged = lines.filter((l) => l.msg === 'the job failed');
  assert.is(logged.length, 2);
  for (const line of logged) {
    assert.is(line.plugin, 'fixture');
    assert.is(line.queue, 'fixture:bad');
    assert.is(line.level, 50);
  }
  // The worker keeps taking jobs afterwards.
  const ok = ctx.sys.jobs.define('fixture', 'fine', async () => 'still here', {}, silent);
  await ok.add({});
  await until(() => events(ctx.sys, 'fixture.fine.succeeded').length === 1, 3000, 'a later job');
});

test('adding a job whose id is queued already does nothing, and the id is free again once the job is done', async ({ prefix, sys }) => {
  const producer = jobSystem(TEST_REDIS_URL, prefix, { processJobs: false });
  try {
    const runs: unknown[] = [];
    const queue = producer.jobs.define('fixture', 'refresh', async () => null, {}, silent);
    assert.equal(await queue.add({ n: 1 }, { jobId: 'library' }), { id: 'library' });
    assert.equal(await queue.add({ n: 2 }, { jobId: 'library' }), { id: 'library' });
    assert.is((await queue.counts()).waiting, 1);

    sys.jobs.define('fixture', 'refresh', async (job) => void runs.push(job.data), {}, silent);
    await until(() => events(sys, 'fixture.refresh.succeeded').length === 1, 3000, 'the first run');
    assert.equal(runs, [{ n: 1 }]);
    await queue.add({ n: 3 }, { jobId: 'library' });
    await until(() => events(sys, 'fixture.refresh.succeeded').length === 2, 3000, 'the run after the id was freed');
    assert.equal(runs, [{ n: 1 }, { n: 3 }]);
  } finally {
    await producer.close();
  }
});

test('a delayed job waits for its delay and then runs', async ({ sys }) => {
  let ranAt = 0;
  const queue = sys.jobs.define('fixture', 'later', async () => {
    ranAt = Date.now();
  }, {}, silent);
  const addedAt = Date.now();
  await queue.add({}, { delay: '400ms' });
  assert.is((await queue.counts()).delayed, 1);
  await until(() => ranAt > 0, 3000, 'the delayed job');
  assert.ok(ranAt - addedAt >= 390, `ran after ${ranAt - addedAt} ms`);
});

test('bad options are refused when the queue is defined or the job added', async ({ sys }) => {
  assert.throws(() => sys.jobs.define('fixture', 'x', async () => null, { attempts: 0 }, silent), /attempts/);
  assert.throws(() => sys.jobs.define('fixture', 'y', async () => null, { backoff: { strategy: 'linear' as never, delay: 10 } }, silent), /backoff/);
  assert.throws(() => sys.jobs.define('fixture', 'has.dot', async () => null, {}, silent), /letters, digits/);
  assert.throws(() => checkJobDefinition('fixture', 'ok', { concurrency: 1.5 }), /concurrency/);
  assert.throws(() => checkJobDefinition('fixture', 'ok', {}, '0ms'), /interval/);
  assert.throws(() => sys.jobs.every('fixture', 'never', 'soon', async () => null, {}, silent), /Invalid duration/);
  checkJobDefinition('fixture', 'ok', { concurrency: 2, attempts: 3, backoff: { strategy: 'fixed', delay: '1s' }, timeout: '5m' }, '30s');
  assert.equal(await sys.jobs.depths(), [], 'a refused definition opened no queue');
  const queue = sys.jobs.define('fixture', 'z', async () => null, {}, silent);
  assert.throws(() => sys.jobs.define('fixture', 'z', async () => null, {}, silent), /defined already/);
  try {
    await queue.add({}, { notify: 'everyone' as never });
    assert.unreachable('a bad audience was accepted');
  } catch (err) {
    assert.match((err as Error).message, /notify must be/);
  }
});

test.run();
