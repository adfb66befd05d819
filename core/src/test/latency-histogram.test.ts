import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Registry } from 'prom-client';
import { LatencyHistogram } from '../latency-histogram.js';

// The request latency histogram is ours (prom-client's labelled observe costs a few percent of a
// request); Prometheus must read it exactly as it read prom-client's own histogram.
const test = suite('request latency histogram');

const scrape = async (h: LatencyHistogram): Promise<string[]> => {
  const registry = new Registry();
  registry.registerMetric(h as never);
  return (await registry.metrics()).trim().split('\n');
};

test('counts into cumulative buckets per method, route and status, with +Inf, sum and count', async () => {
  const h = new LatencyHistogram('t_seconds', 'test latency', [0.01, 0.1, 1]);
  h.observe('GET', '/api/me', 200, 0.01); // on a bound: counted in that bucket
  h.observe('GET', '/api/me', 200, 0.05);
  h.observe('GET', '/api/me', 200, 3); // above every bound: only +Inf
  h.observe('POST', '/api/me', 403, 0.2);
  const lines = await scrape(h);
  assert.equal(lines.slice(0, 2), ['# HELP t_seconds test latency', '# TYPE t_seconds histogram']);
  const me = lines.filter((l) => l.includes('method="GET"'));
  assert.equal(me, [
    't_seconds_bucket{method="GET",route="/api/me",status="200",le="0.01"} 1',
    't_seconds_bucket{method="GET",route="/api/me",status="200",le="0.1"} 2',
    't_seconds_bucket{method="GET",route="/api/me",status="200",le="1"} 2',
    't_seconds_bucket{method="GET",route="/api/me",status="200",le="+Inf"} 3',
    `t_seconds_sum{method="GET",route="/api/me",status="200"} ${0.01 + 0.05 + 3}`,
    't_seconds_count{method="GET",route="/api/me",status="200"} 3',
  ]);
  assert.ok(lines.includes('t_seconds_bucket{method="POST",route="/api/me",status="403",le="0.1"} 0'));
  assert.ok(lines.includes('t_seconds_bucket{method="POST",route="/api/me",status="403",le="1"} 1'));
  assert.ok(lines.includes('t_seconds_count{method="POST",route="/api/me",status="403"} 1'));
});

test('reset forgets every series', async () => {
  const h = new LatencyHistogram('t_seconds', 'test latency', [0.01]);
  h.observe('GET', '/', 200, 0.001);
  h.reset();
  assert.equal(await scrape(h), ['# HELP t_seconds test latency', '# TYPE t_seconds histogram']);
});

test.run();
