import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dropPrefix, jobSystem, silent, testPrefix, TEST_REDIS_URL, until, within, type TestJobs } from './fixtures/jobs-helpers.js';

const test = suite('jobs survive losing their worker');

test('a job whose worker process is killed mid-run is completed by another worker', async () => {
  const prefix = testPrefix();
  const script = fileURLToPath(new URL('./fixtures/jobs-worker.js', import.meta.url));
  const child = spawn(process.execPath, [script, TEST_REDIS_URL, prefix], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const producer = jobSystem(TEST_REDIS_URL, prefix, { processJobs: false });
  let rescuer: TestJobs | undefined;
  try {
    await until(() => out.includes('ready'), 5000, 'the worker process to start');
    const queue = producer.jobs.define('fixture', 'slow', async () => 'unused', {}, silent);
    const { id } = await queue.add({ n: 1 }, { notify: 'all' });
    await until(() => out.includes(`started ${id} try 1`), 5000, 'the worker process to take the job');
    assert.is((await queue.counts()).active, 1);
    child.kill('SIGKILL');
    await within(exited, 5000, 'the worker process to die');

    rescuer = jobSystem(TEST_REDIS_URL, prefix, { processJobs: true, stallIntervalMs: 300 });
    const tries: number[] = [];
    rescuer.jobs.define('fixture', 'slow', async (job) => {
      tries.push(job.attempt);
      return { rescued: job.id };
    }, {}, silent);
    await until(() => rescuer!.heard.some((h) => h.event === 'fixture.slow.succeeded'), 5000, 'the job to run again');
    assert.equal(rescuer.heard.find((h) => h.event === 'fixture.slow.succeeded'), { room: 'all', event: 'fixture.slow.succeeded', data: { jobId: id, result: { rescued: id } } });
    assert.equal(tries, [1], 'a stalled run does not use up a try');
    assert.ok(rescuer.outcomes.includes('slow:stalled'));
    assert.equal(await queue.counts(), { waiting: 0, active: 0, succeeded: 1, failed: 0, delayed: 0 });
  } finally {
    child.kill('SIGKILL');
    await producer.close();
    await rescuer?.close();
    await dropPrefix(TEST_REDIS_URL, prefix);
  }
});

test('stopping a plugin aborts its running job, which goes back to the queue and is finished by another worker', async () => {
  const prefix = testPrefix();
  const a = jobSystem(TEST_REDIS_URL, prefix, { processJobs: true, stopGraceMs: 300 });
  let b: TestJobs | undefined;
  try {
    let abortedWith = '';
    let running = false;
    const queue = a.jobs.define('fixture', 'long', async (job) => {
      running = true;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, 30_000);
        job.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          abortedWith = (job.signal.reason as Error).message;
          reject(job.signal.reason);
        });
      });
    }, {}, silent);
    let started = false;
    const other = a.jobs.define('other', 'long', async () => { started = true; await new Promise((r) => setTimeout(r, 400)); return 'other plugin unaffected'; }, {}, silent);
    const { id } = await queue.add({});
    await other.add({});
    await until(() => running && started, 3000, 'both jobs to start');

    const stopping = Date.now();
    await a.jobs.stopPlugin('fixture');
    assert.ok(Date.now() - stopping < 2000, 'the stop did not wait for the whole job');
    assert.is(abortedWith, 'the worker is stopping');
    assert.equal(await queue.counts(), { waiting: 1, active: 0, succeeded: 0, failed: 0, delayed: 0 });
    assert.not.ok(a.heard.some((h) => h.event.startsWith('fixture.')), 'an interrupted job is not a failure');
    try {
      await queue.add({});
      assert.unreachable('a stopped queue took a job');
    } catch (err) {
      assert.match((err as Error).message, /fixture:long is stopped/);
    }
    await until(() => a.heard.some((h) => h.event === 'other.long.succeeded'), 3000, "the other plugin's job");

    b = jobSystem(TEST_REDIS_URL, prefix, { processJobs: true });
    const tries: number[] = [];
    b.jobs.define('fixture', 'long', async (job) => void tries.push(job.attempt), {}, silent);
    await until(() => b!.heard.some((h) => h.event === 'fixture.long.succeeded'), 3000, 'the job to run again');
    assert.is(b.heard[0]!.data.jobId, id);
    assert.equal(tries, [1], 'the interrupted try was not counted');
  } finally {
    await a.close();
    await b?.close();
    await dropPrefix(TEST_REDIS_URL, prefix);
  }
});

test('a job that finishes within the stop grace counts as succeeded', async () => {
  const prefix = testPrefix();
  const sys = jobSystem(TEST_REDIS_URL, prefix, { processJobs: true, stopGraceMs: 2000 });
  try {
    let sawAbort = false;
    let running = false;
    const queue = sys.jobs.define('fixture', 'tidy', async (job) => {
      running = true;
      await new Promise((r) => setTimeout(r, 300));
      sawAbort = job.signal.aborted;
      return 'finished anyway';
    }, {}, silent);
    await queue.add({});
    await until(() => running, 3000, 'the job to start');
    await sys.jobs.close();
    assert.ok(sawAbort, 'the signal told the handler to wrap up');
    assert.equal(sys.heard.map((h) => [h.event, h.data.result]), [['fixture.tidy.succeeded', 'finished anyway']]);
    assert.equal(await queue.counts(), { waiting: 0, active: 0, succeeded: 1, failed: 0, delayed: 0 });
  } finally {
    await sys.close();
    await dropPrefix(TEST_REDIS_URL, prefix);
  }
});

test.run();
