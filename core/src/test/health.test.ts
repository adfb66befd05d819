import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestCore, type TestCore } from '../testing.js';
import { fixturePlugin } from './support/fixtures.js';

const test = suite<{ t: TestCore; admin: string; user: string }>('health, status and metrics');

test.before(async (ctx) => {
  ctx.t = await startTestCore({ plugins: { hello: { path: fixturePlugin('hello') }, throws: { path: fixturePlugin('throws') } } });
  ctx.admin = await ctx.t.sessionCookie('admin');
  ctx.user = await ctx.t.sessionCookie('user');
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

test('/api/status reports every check with latency to admins and a hanging check cannot hold the answer past its timeout', async ({ t, admin }) => {
  const started = performance.now();
  const res = await t.request('/api/status', { cookie: admin });
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
  // Running, but a check fails: shown as it is, never plain "running".
  assert.equal([hello.state, hello.condition], ['running', 'degraded']);
  assert.is(hello.summary, 'running — hangs: no answer within 300 ms');
});

test('/api/status tells anonymous callers the overall state only, and signed-in people household words without detail', async ({ t, user }) => {
  const anonymous = await t.request('/api/status');
  assert.equal(anonymous.body, { status: 'degraded' });
  const member = await t.request('/api/status', { cookie: user });
  const hello = member.body.plugins.find((p: any) => p.id === 'hello');
  assert.equal(hello, { id: 'hello', displayName: 'Hello fixture', condition: 'degraded', message: "This service isn't available right now" });
  assert.not.ok(member.text.includes('no answer within'), 'no admin detail for household members');
  assert.not.ok(member.text.includes('"checks"'));
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
  assert.match(res.text, /medianest_nodejs_eventloop_lag_p99_seconds/);
  // No per-collection GC histogram: observing every GC was a quarter of what a busy portal promoted (metrics.ts).
  assert.not.match(res.text, /gc_duration/);
});

test.run();
