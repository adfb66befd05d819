import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestCore, type TestCore } from '../testing.js';
import { fixturePlugin } from './support/fixtures.js';
import { RateLimiter } from '../auth/rate-limit.js';

const test = suite<{ t: TestCore }>('API rate limit');

test.before(async (ctx) => {
  ctx.t = await startTestCore({ plugins: { hello: { path: fixturePlugin('hello') } }, apiRateLimit: '3/2s' });
});
test.after(async (ctx) => ctx.t?.stop());

test('a signed-in user past the API limit gets 429 with Retry-After, other users are not affected, and it resets', async ({ t }) => {
  const uma = await t.sessionCookie('user', { id: 'uma' });
  const bo = await t.sessionCookie('user', { id: 'bo' });
  const statuses = [];
  for (let i = 0; i < 4; i++) statuses.push((await t.request('/api/plugins/hello/whoami', { cookie: uma })).status);
  assert.equal(statuses, [200, 200, 200, 429]);
  const limited = await t.request('/api/plugins/hello/whoami', { cookie: uma });
  assert.ok(Number(limited.headers.get('retry-after')) >= 1);
  assert.match(limited.body.error, /Too many requests/);
  assert.is((await t.request('/api/plugins/hello/whoami', { cookie: bo })).status, 200);
  await new Promise((r) => setTimeout(r, 2100));
  assert.is((await t.request('/api/plugins/hello/whoami', { cookie: uma })).status, 200);
});

test('anonymous calls to public routes are not counted against anyone', async ({ t }) => {
  for (let i = 0; i < 6; i++) assert.is((await t.request('/api/plugins/hello/hello')).status, 200);
});

test('counts are leased from Redis a sixteenth of what is left at a time, a large limit a thousandth of it at most', async ({ t }) => {
  const limiter = new RateLimiter(t.core.redis, `${t.redisPrefix}leases:`);
  const counted = (key: string) => t.core.redis.get(`${t.redisPrefix}leases:rate:${key}`).then(Number);
  try {
    await limiter.hit('small', { limit: 100, windowMs: 60_000 }, 'requests');
    assert.is(await counted('small'), 6, '100 / 16');
    await limiter.hit('large', { limit: 10_000_000, windowMs: 60_000 }, 'requests');
    assert.is(await counted('large'), 10_000, 'a thousandth of 10,000,000');
    for (let i = 0; i < 9_999; i++) limiter.hit('large', { limit: 10_000_000, windowMs: 60_000 }, 'requests');
    assert.is(await counted('large'), 10_000, 'the rest of the lease is spent without asking Redis');
  } finally {
    limiter.close();
  }
});

test('leases asked for at once (the windows of many people ending together) go to Redis in one call', async ({ t }) => {
  const prefix = `${t.redisPrefix}together:`;
  const limiter = new RateLimiter(t.core.redis, prefix);
  const monitor = await t.core.redis.monitor();
  const calls: number[] = [];
  monitor.on('monitor', (_time: string, args: string[]) => {
    if (/^(evalsha|eval)$/i.test(args[0] ?? '') && args.some((a) => a.startsWith(`${prefix}rate:`))) calls.push(Number(args[2]));
  });
  try {
    const people = Array.from({ length: 30 }, (_, i) => `person-${i}`);
    await Promise.all(people.map((p) => limiter.hit(p, { limit: 100, windowMs: 60_000 }, 'requests')));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(calls, [30], 'one call leased for all thirty');
    const counted = await Promise.all(people.map((p) => t.core.redis.get(`${prefix}rate:${p}`).then(Number)));
    assert.equal(counted, people.map(() => 6), 'each window counted its own lease (100 / 16)');
    const ttls = await Promise.all(people.map((p) => t.core.redis.pttl(`${prefix}rate:${p}`)));
    assert.ok(ttls.every((ms) => ms > 55_000 && ms <= 60_000), `each window runs a minute: ${ttls.join(', ')}`);
  } finally {
    monitor.disconnect();
    limiter.close();
  }
});

test.run();
