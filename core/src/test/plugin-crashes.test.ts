import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Writable } from 'node:stream';
import { startTestCore, type TestCore } from '../testing.js';
import { fixturePlugin } from './support/fixtures.js';

// A plugin's error that nothing catches (from a timer, a promise, a job) or its process.exit()
// stops that plugin as failed, with the reason and a JSON log line naming it; the portal serves on.
interface Ctx {
  t: TestCore;
  lines: any[];
  admin: string;
}
const test = suite<Ctx>('a crashing plugin is stopped, the portal keeps serving');

test.before.each(async (ctx) => {
  ctx.lines = [];
  const logStream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) ctx.lines.push(JSON.parse(line));
      done();
    },
  });
  ctx.t = await startTestCore({
    plugins: { crashy: { path: fixturePlugin('crashy') }, hello: { path: fixturePlugin('hello') } },
    logStream,
    logLevel: 'info',
  });
  ctx.admin = await ctx.t.sessionCookie('admin');
});
test.after.each(async (ctx) => ctx.t?.stop());

async function expectStopped({ t, lines, admin }: Ctx, reason: RegExp, logged: RegExp): Promise<void> {
  const record = await t.waitFor(async () => {
    const list = (await t.request('/api/admin/plugins', { cookie: admin })).body.plugins as any[];
    const crashy = list.find((p) => p.id === 'crashy');
    return crashy?.state === 'failed' ? crashy : undefined;
  }, 5000, 'crashy to be failed');
  assert.match(record.reason, reason);
  assert.match(record.reason, /Fix or update the plugin, then enable it again/);
  const line = lines.find((l) => l.plugin === 'crashy' && l.level === 50 && logged.test(l.msg));
  assert.ok(line, `a JSON error line naming the plugin; got: ${lines.filter((l) => l.level >= 50).map((l) => l.msg).join(' | ')}`);
  assert.is((await t.request('/api/plugins/crashy/ok')).status, 404, 'its routes are gone');
  assert.is((await t.request('/api/plugins/hello/hello')).status, 200, 'other plugins serve on');
  assert.is((await t.request('/api/health')).status, 200);
}

test('an exception thrown from a timer a route started', async (ctx) => {
  assert.is((await ctx.t.request('/api/plugins/crashy/timer-throw', { method: 'POST' })).status, 200);
  await expectStopped(ctx, /uncaught exception in POST \/api\/plugins\/crashy\/timer-throw: boom from a timer/, /plugin crashed/);
});

test('a promise rejection nobody handles', async (ctx) => {
  assert.is((await ctx.t.request('/api/plugins/crashy/reject', { method: 'POST' })).status, 200);
  await expectStopped(ctx, /unhandled promise rejection in POST \/api\/plugins\/crashy\/reject: nobody catches this/, /plugin crashed/);
});

test('process.exit() in a route is refused: the request fails, the plugin stops, the process lives', async (ctx) => {
  const res = await ctx.t.request('/api/plugins/crashy/exit', { method: 'POST' });
  assert.is(res.status, 500);
  assert.not.match(res.text, /stillHere/);
  await expectStopped(ctx, /process\.exit\(\) call in POST \/api\/plugins\/crashy\/exit: process\.exit\(3\) is not allowed in a plugin/, /plugin crashed/);
});

test('an exception from a job\'s callback', async (ctx) => {
  assert.is((await ctx.t.request('/api/plugins/crashy/job-crash', { method: 'POST' })).status, 200);
  await expectStopped(ctx, /uncaught exception in job crash: boom from a job/, /plugin crashed/);
});

test('a crash in register() fails the start with the reason; process.exit() there too', async (ctx) => {
  for (const inRegister of ['timer', 'exit']) {
    await ctx.t.writePlugins({ crashy: { path: fixturePlugin('crashy'), config: { inRegister } }, hello: { path: fixturePlugin('hello') } });
    const reason = inRegister === 'timer' ? /register\(\) crashed: uncaught exception in register\(\): boom from a timer in register/ : /register\(\) crashed: process\.exit\(\) call in register\(\): process\.exit\(2\) is not allowed/;
    const record = await ctx.t.waitFor(async () => {
      const crashy = ((await ctx.t.request('/api/admin/plugins', { cookie: ctx.admin })).body.plugins as any[]).find((p) => p.id === 'crashy');
      return crashy?.state === 'failed' && reason.test(crashy.reason) ? crashy : undefined;
    }, 8000, `crashy to fail in register() (${inRegister})`);
    assert.ok(record);
    assert.is((await ctx.t.request('/api/plugins/hello/hello')).status, 200);
  }
});

test('enabled again after the fix, the plugin runs', async (ctx) => {
  await ctx.t.request('/api/plugins/crashy/timer-throw', { method: 'POST' });
  await ctx.t.waitFor(async () => (await ctx.t.request('/api/plugins/crashy/ok')).status === 404, 5000, 'crashy to stop');
  assert.is((await ctx.t.request('/api/admin/plugins/crashy/disable', { method: 'POST', cookie: ctx.admin })).status, 200);
  const enabled = await ctx.t.request('/api/admin/plugins/crashy/enable', { method: 'POST', cookie: ctx.admin });
  assert.is(enabled.body.state, 'running');
  assert.is((await ctx.t.request('/api/plugins/crashy/ok')).status, 200);
});

test.run();
