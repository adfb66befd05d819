import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestCore, type TestCore } from '../testing.js';
import { fixturePlugin } from './support/fixtures.js';
import { SpareRedis, sleep } from './fixtures/jobs-helpers.js';
import { launchChromium } from './support/browser.js';

// While Redis is away, requests that need it answer 503 at once with a message a person can act
// on, events are dropped instead of crashing the process, and all works again when it is back.
interface Ctx {
  dir: string;
  redis: SpareRedis;
  t: TestCore;
}
const test = suite<Ctx>('the portal through a Redis outage');

test.before(async (ctx) => {
  ctx.dir = await mkdtemp(join(tmpdir(), 'medianest-redis-outage-'));
  ctx.redis = new SpareRedis(await SpareRedis.freePort(), ctx.dir); // keeps its keys on disk, as a production Redis should
  await ctx.redis.start();
  ctx.t = await startTestCore({ redisUrl: ctx.redis.url, plugins: { hello: { path: fixturePlugin('hello') } } });
});
test.after(async (ctx) => {
  await ctx.redis?.start().catch(() => {});
  await ctx.t?.stop();
  await ctx.redis?.kill();
  await rm(ctx.dir, { recursive: true, force: true });
});

test('requests needing Redis answer 503 within seconds, events are dropped, and sessions work again after', async ({ t, redis }) => {
  const cookie = await t.sessionCookie('user', { id: 'uma' });
  assert.is((await t.request('/api/me', { cookie })).status, 200);
  await redis.kill();

  const started = performance.now();
  const me = await t.request('/api/me', { cookie });
  const took = performance.now() - started;
  assert.is(me.status, 503);
  assert.match(me.body.error, /cannot reach its Redis server at the moment; try again in a few seconds/);
  assert.is(me.headers.get('retry-after'), '5');
  assert.ok(took < 5000, `answered in ${Math.round(took)} ms, not after a minute of retries`);

  // An event sent while Redis is away is dropped: the process (this test's) must not end.
  const wave = await t.request('/api/plugins/hello/wave', { method: 'POST' });
  assert.ok([200, 503].includes(wave.status), `POST /wave answered ${wave.status}: ${wave.text}`);
  await sleep(1500);
  assert.is((await t.request('/api/health')).status, 200, 'the process is alive');
  const ready = await t.request('/api/health/ready');
  assert.is(ready.status, 503);

  await redis.start();
  const back = await t.waitFor(async () => {
    const res = await t.request('/api/me', { cookie });
    return res.status === 200 ? res : undefined;
  }, 10_000, 'the session to work again');
  assert.is(back!.body.user.id, 'uma');
  assert.is((await t.request('/api/plugins/hello/wave', { method: 'POST' })).status, 200);
});

test('during an outage answers come at once: p99 under a second while requests arrive steadily', async ({ t, redis }) => {
  const cookie = await t.sessionCookie('user', { id: 'pia' });
  const calls: Array<() => Promise<{ status: number }>> = [
    () => t.request('/api/me', { cookie }), // the session read
    () => t.request('/api/plugins/hello/whoami', { cookie }), // session and the per-user rate limit
    () => t.request('/api/me', { cookie: 'mn_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }), // a session no process has cached
    () => t.request('/api/plugins/hello/wave', { method: 'POST', cookie }), // a live event
  ];
  const answers: Array<{ ms: number; status: number; call: number; at: number }> = [];
  let stop = false;
  const client = async (i: number) => {
    for (let n = i; !stop; n++) {
      const started = performance.now();
      const res = await calls[n % calls.length]!();
      answers.push({ ms: performance.now() - started, status: res.status, call: n % calls.length, at: started });
    }
  };
  const clients = Array.from({ length: 6 }, (_, i) => client(i));
  await sleep(300); // requests are in flight when Redis dies
  await redis.kill();
  const killed = performance.now();
  await sleep(3000);
  stop = true;
  await Promise.all(clients);
  await redis.start();
  await t.waitFor(async () => (await t.request('/api/me', { cookie })).status === 200, 10_000, 'the session to work again');

  // Answers to requests made during the outage (those in flight at the kill may have had work to finish).
  const during = answers.filter((a) => a.at >= killed);
  const times = during.map((a) => a.ms).sort((a, b) => a - b);
  const p99 = times[Math.floor(times.length * 0.99)]!;
  console.log(`  Redis outage: ${during.length} answers, p50 ${Math.round(times[times.length >> 1]!)} ms, p99 ${Math.round(p99)} ms, max ${Math.round(times.at(-1)!)} ms`);
  for (let c = 0; c < calls.length; c++) {
    const mine = during.filter((a) => a.call === c).map((a) => Math.round(a.ms));
    console.log(`    call ${c}: ${mine.length} answers, max ${Math.max(...mine)} ms, statuses ${[...new Set(during.filter((a) => a.call === c).map((a) => a.status))].join('/')}`);
  }
  assert.ok(during.length > 20, `only ${during.length} answers in 3 s`);
  assert.ok(p99 <= 1000, `p99 ${Math.round(p99)} ms`);
  assert.ok(during.every((a) => a.status < 500 || a.status === 503), `statuses: ${[...new Set(during.map((a) => a.status))].join(', ')}`);
  assert.ok(during.filter((a) => a.status === 503).length > during.length / 2, 'most answers say Redis is away');
});

test('a signed-in browser is told MediaNest cannot reach Redis, not that it is signed out, and recovers by itself', async ({ t, redis }) => {
  const cookie = await t.sessionCookie('user', { id: 'bo', name: 'Bo' });
  const [name, value] = cookie.split('=') as [string, string];
  const { browser, close } = await launchChromium();
  try {
    await browser.addCookies([{ name, value, url: t.url }]);
    const page = await browser.newPage();
    await page.goto(t.url + '/');
    await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 10_000 });
    await page.getByText('live', { exact: true }).waitFor({ timeout: 10_000 });

    await redis.kill();
    await page.reload();
    const alert = page.locator('mn-app p.problem[role="alert"]');
    await alert.waitFor({ timeout: 10_000 });
    assert.match((await alert.textContent()) ?? '', /cannot reach its Redis server at the moment; try again in a few seconds\. Trying again…/);
    assert.is(await page.getByRole('link', { name: 'Sign in' }).count(), 0, 'not offered to sign in again');

    await redis.start();
    await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 15_000 });
    assert.is(await alert.count(), 0, 'the problem is gone');
    // The live connection refused during the outage is made again without a reload.
    await page.getByText('live', { exact: true }).waitFor({ timeout: 15_000 });
  } finally {
    await close();
  }
});

test.run();
