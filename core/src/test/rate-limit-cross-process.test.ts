import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestCore, type TestCore } from '../testing.js';
import { fixturePlugin } from './support/fixtures.js';
import { call, startCoreProcess, type CoreProcess } from './support/core-process.js';

// Three real core processes share one person's API limit: each counts in leases from Redis (see
// the note in sessions.ts), and together they admit the setting within 5 %, never more.
const LIMIT = 100;
// Long enough for a burst of 210 requests on a busy two-core machine; the window reopening is
// covered by rate-limit.test.ts (the same Redis key expiry serves every process).
const WINDOW_MS = 30_000;
const test = suite<{ t: TestCore; others: CoreProcess[] }>('the API limit across three processes');

test.before(async (ctx) => {
  const apiRateLimit = `${LIMIT}/${WINDOW_MS / 1000}s`;
  ctx.t = await startTestCore({ plugins: { hello: { path: fixturePlugin('hello') } }, apiRateLimit });
  ctx.others = [];
  for (let i = 0; i < 2; i++) ctx.others.push(await startCoreProcess(ctx.t, { RATE_LIMIT_API: apiRateLimit }));
});
test.after(async (ctx) => {
  await Promise.all((ctx.others ?? []).map((p) => p.stop()));
  await ctx.t?.stop();
});

test('one person hammering all three processes at once is admitted the limit within 5 %, and each process refuses the rest', async ({ t, others }) => {
  const bases = [t.url, ...others.map((p) => p.url)];
  const cookie = await t.sessionCookie('user', { id: 'hammer' });
  const other = await t.sessionCookie('user', { id: 'calm' });
  const started = Date.now(); // the person's window starts with their first request
  const statuses: number[][] = bases.map(() => []);
  // 10 requests in flight on each process, 200 in all: twice the limit.
  await Promise.all(bases.flatMap((base, p) => Array.from({ length: 10 }, async () => {
    for (let i = 0; i < 200 / 30; i++) statuses[p]!.push((await call(base, '/api/plugins/hello/whoami', { cookie })).status);
  })));
  assert.ok(Date.now() - started < WINDOW_MS, 'the burst stayed inside one window (rerun if the machine is very slow)');
  const admitted = statuses.flat().filter((s) => s === 200).length;
  assert.ok(admitted <= LIMIT, `admitted ${admitted}, more than the limit`);
  assert.ok(admitted >= LIMIT * 0.95, `admitted only ${admitted} of ${LIMIT}`);
  for (const [p, s] of statuses.entries()) assert.ok(s.includes(429), `process ${p} refused once the limit was reached`);
  assert.equal(statuses.flat().filter((s) => s !== 200 && s !== 429), [], 'nothing but 200 and 429');
  // Another person is not affected, on any process.
  for (const base of bases) assert.is((await call(base, '/api/plugins/hello/whoami', { cookie: other })).status, 200);
});

test.run();
