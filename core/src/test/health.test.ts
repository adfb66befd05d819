import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestCore, type TestCore } from '../testing.js';
import { fixturePlugin } from './support/fixtures.js';

const test = suite<{ t: TestCore }>('health, status and metrics');

test.before(async (ctx) => {
  ctx.t = await startTestCore({ plugins: { hello: { path: fixturePlugin('hello') }, throws: { path: fixturePlugin('throws') } } });
});
test.after(async (ctx) => ctx.t?.stop());

test('/api/health answers while the process lives', async ({ t }) => {
  const res = await t.request('/api/health');
  assert.equal([res.status, res.body], [200, { status: 'ok' }]);
});

test('/api/health/ready checks the database and Redis', async ({ t }) => {
  const res = await t.request('/api/health/ready');
  assert.is(res.status, 200);
  assert.equal(res.body.checks.map((c: any) => [c.name, c.status]), [['database', 'up'], ['redis', 'up']]);
});

test('/api/status reports every check with latency and a hanging check cannot hold the answer past its timeout', async ({ t }) => {
  const started = performance.now();
  const res = await t.request('/api/status');
  const elapsed = performance.now() - started;
  assert.is(res.status, 200);
  assert.ok(elapsed < 1500, `answered in ${elapsed} ms`);
  assert.is(res.body.status, 'degraded');
  const hello = res.body.plugins.find((p: any) => p.id === 'hello');
  const fine = hello.checks.find((c: any) => c.name === 'fine');
  const hangs = hello.checks.find((c: any) => c.name === 'hangs');
  assert.equal([fine.status, fine.detail], ['up', 'all good']);
  assert.is(hangs.status, 'down');
  assert.match(hangs.detail, /no answer within 300 ms/);
  assert.ok(hangs.latencyMs >= 290 && hangs.latencyMs < 1000);
  assert.is(res.body.plugins.find((p: any) => p.id === 'throws').state, 'failed');
});

test('/metrics exposes HTTP latency by route, plugin states and health checks for Prometheus', async ({ t }) => {
  await t.request('/api/plugins/hello/items/7');
  await t.request('/api/status');
  const res = await t.request('/metrics');
  assert.is(res.status, 200);
  assert.match(res.text, /medianest_http_request_duration_seconds_count\{method="GET",route="\/api\/plugins\/hello\/items\/:id",status="200"\} 1/);
  assert.match(res.text, /medianest_plugin_state\{plugin="hello",state="running"\} 1/);
  assert.match(res.text, /medianest_plugin_state\{plugin="throws",state="failed"\} 1/);
  assert.match(res.text, /medianest_health_check_up\{plugin="hello",check="hangs"\} 0/);
  assert.match(res.text, /medianest_process_resident_memory_bytes/);
});

test.run();
