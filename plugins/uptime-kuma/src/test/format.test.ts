import { suite } from 'uvu';
import * as assert from 'uvu/assert';

// The widget's wording, loaded from the same file the browser loads.
const format = await import(new URL('../../ui/format.js', import.meta.url).href);
const test = suite("the status widget's wording");

test('uptime shows 100% only when nothing failed, never rounded up', () => {
  assert.equal([1, 0, 0.5, 0.29, 0.99996, 0.9995, 0.123456, null].map(format.percent), ['100%', '0%', '50.00%', '29.00%', '99.99%', '99.95%', '12.34%', '–']);
});

test('durations read as a person would say them', () => {
  assert.equal([0, 45_000, 12 * 60_000, (3 * 60 + 5) * 60_000, 3 * 3_600_000, (2 * 24 + 4) * 3_600_000].map(format.span), ['0 s', '45 s', '12 min', '3 h 5 min', '3 h', '2 d 4 h']);
});

test('changes read as what happened to the service', () => {
  assert.is(format.verb({ from: 'up', to: 'down' }), 'went down');
  assert.is(format.verb({ from: 'down', to: 'up' }), 'came back up');
  assert.is(format.verb({ from: 'pending', to: 'up' }), 'is up');
  assert.is(format.verb({ from: 'up', to: 'maintenance' }), 'went into maintenance');
  assert.is(format.verb({ from: 'up', to: 'pending' }), 'is pending');
});

test.run();
