import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { toMs } from '../duration.js';

test('durations read as numbers of milliseconds or with a unit', () => {
  assert.is(toMs(250), 250);
  assert.is(toMs('500ms'), 500);
  assert.is(toMs('30s'), 30_000);
  assert.is(toMs('1.5m'), 90_000);
  assert.is(toMs('2h'), 7_200_000);
  assert.is(toMs(' 1d '), 86_400_000);
});

test('an unreadable duration throws a message that shows the accepted forms', () => {
  assert.throws(() => toMs('soon'), /Invalid duration "soon": use a number of ms or e\.g\. "30s"/);
  assert.throws(() => toMs('10 parsecs'), /Invalid duration/);
  assert.throws(() => toMs(-1), /Invalid duration/);
  assert.throws(() => toMs(Number.NaN), /Invalid duration/);
});

test.run();
