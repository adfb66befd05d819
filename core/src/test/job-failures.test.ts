import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestCore } from '../testing.js';
import { fixturePlugin } from './support/fixtures.js';

test('a job that fails on every run shows on the admin page: how often in the last hour and the last error', async () => {
  const t = await startTestCore({ plugins: { 'jobs-failing': { path: fixturePlugin('jobs-failing') }, hello: { path: fixturePlugin('hello') } } });
  try {
    const admin = await t.sessionCookie('admin');
    const plugin = await t.waitFor(async () => {
      const res = await t.request('/api/admin/plugins', { cookie: admin });
      const p = res.body.plugins.find((x: { id: string }) => x.id === 'jobs-failing');
      return p?.jobFailures?.[0]?.failedLastHour >= 3 ? p : undefined;
    }, 10_000, 'three recorded failures');
    const [failure] = plugin.jobFailures;
    assert.is(plugin.condition, 'degraded', 'a plugin whose job keeps failing is not shown green');
    assert.is(plugin.summary, 'running — job “sync” keeps failing');
    assert.is(failure.queue, 'sync');
    assert.is(failure.lastError, 'the NAS answered 500');
    assert.ok(Date.now() - Date.parse(failure.lastFailedAt) < 10_000);
    const hello = (await t.request('/api/admin/plugins', { cookie: admin })).body.plugins.find((x: { id: string }) => x.id === 'hello');
    assert.equal(hello.jobFailures, [], 'a plugin whose jobs never failed shows none');
    const user = await t.sessionCookie('user');
    assert.is((await t.request('/api/admin/plugins', { cookie: user })).status, 403);
  } finally {
    await t.stop();
  }
});

test.run();
