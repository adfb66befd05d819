import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { SESSION_CACHE_MS, SESSION_TTL_SECONDS, SessionStore, sessionKeyOf } from '../auth/sessions.js';
import { RENEW_BATCH_MS } from '../auth/session-cache.js';
import { dropPrefix, testPrefix, TEST_REDIS_URL } from './support/env.js';

// A process answers a busy session from what it read lately and renews it in the background; the
// renewals of all sessions due go to Redis together (see the note in sessions.ts).
const test = suite<{ redis: Redis; prefix: string; store: SessionStore }>('sessions renewed together');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test.before.each(async (ctx) => {
  ctx.prefix = testPrefix();
  ctx.redis = new Redis(TEST_REDIS_URL);
  ctx.store = new SessionStore(ctx.redis, ctx.prefix);
  ctx.store.cacheReads(ctx.redis.duplicate());
  // The cache is used only once its subscription listens: wait until Redis counts the subscriber.
  while (Number(((await ctx.redis.pubsub('NUMSUB', ctx.store.endedChannel)) as [string, number])[1]) < 1) await sleep(10);
  await sleep(20);
});
test.after.each(async (ctx) => {
  ctx.store.close();
  await dropPrefix(TEST_REDIS_URL, ctx.prefix);
  ctx.redis.disconnect();
});

async function signIn(store: SessionStore, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = randomBytes(32).toString('base64url');
    await store.create(id, { id: `u${i}`, name: `Person ${i}`, role: 'user' });
    ids.push(id);
  }
  return ids;
}

/** Counts the session reads Redis receives (MONITOR sees every command) while `during` runs. */
async function readsSeen(ctx: { redis: Redis; prefix: string }, during: () => Promise<void>): Promise<number[]> {
  const monitor = await ctx.redis.monitor();
  const reads: number[] = [];
  monitor.on('monitor', (_time: string, args: string[]) => {
    if (!/^(evalsha|eval)$/i.test(args[0] ?? '') || !args.some((a) => a.startsWith(`${ctx.prefix}session:`))) return;
    reads.push(Number(args[2])); // how many sessions the call read
  });
  await during();
  await sleep(50);
  monitor.disconnect();
  return reads;
}

test('fifty busy sessions are renewed with one call to Redis, before their reads are a second old', async (ctx) => {
  const ids = await signIn(ctx.store, 50);
  for (const id of ids) assert.ok(await ctx.store.user(id), 'read once');
  const reads = await readsSeen(ctx, async () => {
    await sleep(SESSION_CACHE_MS / 2 + 10);
    for (const id of ids) assert.ok(await ctx.store.user(id), 'answered from the cache while it is renewed');
    await sleep(RENEW_BATCH_MS + 200);
  });
  assert.equal(reads, [50], 'one call for the fifty');
  // Renewed: past the first reads' second, no session waits on a read of its own (a renewal of all
  // of them together may be under way again; that one is not waited on).
  await sleep(SESSION_CACHE_MS / 2 - RENEW_BATCH_MS);
  const later = await readsSeen(ctx, async () => {
    for (const id of ids) assert.ok(await ctx.store.user(id));
  });
  assert.ok(later.every((keys) => keys > 1), `every read went together, not one each: ${later.join(', ')}`);
});

test('a renewal asks Redis only whether each session is still there: what the cache read is kept, not read and parsed again', async (ctx) => {
  const ids = await signIn(ctx.store, 20);
  for (const id of ids) assert.ok(await ctx.store.user(id));
  const monitor = await ctx.redis.monitor();
  const seen: string[] = [];
  // MONITOR also shows the commands a Lua script runs.
  monitor.on('monitor', (_time: string, args: string[]) => {
    if (args[1]?.startsWith(`${ctx.prefix}session:`)) seen.push(args[0]!.toLowerCase());
  });
  await sleep(SESSION_CACHE_MS / 2 + 10);
  for (const id of ids) assert.ok(await ctx.store.user(id), 'answered from the cache while it is renewed');
  await sleep(RENEW_BATCH_MS + 200);
  monitor.disconnect();
  assert.is(seen.filter((c) => c === 'ttl').length, 20, 'each session touched once');
  assert.is(seen.filter((c) => c === 'get').length, 0, 'none read again');
  // And the renewed entries answer past the first reads' second, as their own people, without a read each.
  await sleep(SESSION_CACHE_MS / 2);
  const users = await Promise.all(ids.map((id) => ctx.store.user(id)));
  assert.equal(users.map((u) => u?.id), ids.map((_, i) => `u${i}`));
});

test('sessions not in the cache, asked for at once (the first requests after a quiet second), are read with one call', async (ctx) => {
  const ids = await signIn(ctx.store, 40);
  const reads = await readsSeen(ctx, async () => {
    const users = await Promise.all(ids.map((id) => ctx.store.user(id)));
    assert.equal(users.map((u) => u?.id), ids.map((_, i) => `u${i}`), 'each answered as its own person');
  });
  assert.equal(reads, [40], 'one call for the forty');
  // An ended or unknown session among them is refused, the others answered.
  await ctx.store.revoke(ids[3]!);
  await sleep(SESSION_CACHE_MS + 10);
  const again = await Promise.all([ids[2]!, ids[3]!, randomBytes(32).toString('base64url')].map((id) => ctx.store.user(id)));
  assert.equal(again.map((u) => u?.id ?? null), ['u2', null, null]);
});

test('a session deleted behind the processes\' backs is refused when the renewal answers', async (ctx) => {
  const [kept, gone] = await signIn(ctx.store, 2);
  await ctx.store.user(kept);
  await ctx.store.user(gone);
  await ctx.redis.del(`${ctx.prefix}session:${sessionKeyOf(gone!)}`);
  await sleep(SESSION_CACHE_MS / 2 + 10);
  assert.ok(await ctx.store.user(gone), 'still answered from a read under a second old');
  await ctx.store.user(kept);
  await sleep(RENEW_BATCH_MS + 200);
  assert.is(await ctx.store.user(gone), null, 'the renewal found it gone');
  assert.equal((await ctx.store.user(kept))?.id, 'u0');
});

test('a renewal that moves the expiry renews the cookie on the next answer', async (ctx) => {
  const [id] = await signIn(ctx.store, 1);
  const key = `${ctx.prefix}session:${sessionKeyOf(id!)}`;
  assert.is((await ctx.store.lookup(id))?.slid, false, 'just made: no slide');
  await ctx.redis.expire(key, SESSION_TTL_SECONDS - 120); // last slid two minutes ago
  await sleep(SESSION_CACHE_MS / 2 + 10);
  assert.is((await ctx.store.lookup(id))?.slid, false, 'answered from the cache; renewal queued');
  await sleep(RENEW_BATCH_MS + 200);
  assert.ok((await ctx.redis.ttl(key)) > SESSION_TTL_SECONDS - 5, 'Redis moved the expiry');
  assert.is((await ctx.store.lookup(id))?.slid, true, 'this answer carries the new cookie');
  assert.is((await ctx.store.lookup(id))?.slid, false, 'and only this one');
});

test.run();
