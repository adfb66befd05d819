import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Redis } from 'ioredis';
import { quietSubscriptions } from '../realtime/safe-publish.js';
import { TEST_REDIS_URL } from './support/env.js';

const test = suite('quiet subscriptions');

/** Subscribes as socket.io's Redis adapter does (without awaiting), then closes the client before it connected. */
async function closeBeforeConnected(wrap: (r: Redis) => Redis): Promise<unknown[]> {
  const unhandled: unknown[] = [];
  const listener = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', listener);
  try {
    const client = wrap(new Redis(TEST_REDIS_URL));
    void client.psubscribe('mn-quiet-test#*');
    void client.subscribe('mn-quiet-test#request', 'mn-quiet-test#response');
    client.disconnect();
    await new Promise((r) => setTimeout(r, 200));
  } finally {
    process.off('unhandledRejection', listener);
  }
  return unhandled;
}

test('a live-events subscriber closed before it connected (a core stopped at once) leaves no unhandled rejection', async () => {
  assert.equal(await closeBeforeConnected(quietSubscriptions), []);
});

test('without it the same close is an unhandled rejection, which would end the process', async () => {
  const unhandled = await closeBeforeConnected((r) => r);
  assert.ok(unhandled.length > 0);
  assert.match(String((unhandled[0] as Error).message), /Connection is closed/);
});

test('a caller that awaits a subscription still sees it succeed or fail', async () => {
  const client = quietSubscriptions(new Redis(TEST_REDIS_URL));
  assert.is(await client.subscribe('mn-quiet-test#a'), 1);
  client.disconnect();
  const closed = quietSubscriptions(new Redis(TEST_REDIS_URL));
  const failing = closed.subscribe('mn-quiet-test#b');
  closed.disconnect();
  await failing.then(
    () => assert.unreachable('a subscription cut off by disconnect() cannot succeed'),
    (err: Error) => assert.match(err.message, /Connection is closed/),
  );
});

test.run();
