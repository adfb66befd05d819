import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { stat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pluginDir, queue, startPortal, testConfig, type Portal } from './support/harness.js';

// A web-only portal: nothing is downloaded, only what the routes accept or refuse is looked at.
const test = suite<{ p: Portal; uma: string }>('what the downloads route accepts and refuses');
const base = { allowPrivateAddresses: false, perHour: 2 };

test.before(async (ctx) => {
  ctx.p = await startPortal(base, { role: 'web' });
  ctx.uma = await ctx.p.person('uma');
});
test.after(async ({ p }) => p?.stop());

// Public addresses as numbers: this machine has no DNS for names outside.

test('links to this machine or the home network are refused in plain words; only http(s) links are taken', async ({ p, uma }) => {
  for (const url of ['http://127.0.0.1:8080/video.mp4', 'http://localhost/x', 'http://192.168.1.20/cam', 'http://[::1]/x', 'http://169.254.169.254/latest/meta-data']) {
    const res = await queue(p, uma, { url });
    assert.equal([res.status, res.body.error], [400, 'Links to this home network or this server cannot be downloaded'], url);
  }
  const file = await queue(p, uma, { url: 'file:///etc/passwd' });
  assert.equal([file.status, file.body.error], [400, 'Only web links (starting with http:// or https://) can be downloaded']);
  const junk = await queue(p, uma, { url: 'not a link' });
  assert.equal([junk.status, junk.body.error], [400, 'That is not a link. Paste the whole address, starting with https://']);
});

test('a bad choice is refused with words a person can act on', async ({ p, uma }) => {
  const preset = await queue(p, uma, { url: 'https://example.invalid/v', preset: '8k' });
  assert.is(preset.status, 400);
  // The wording of schema failures is the core's (COORD §SDK 1: the schema carries an errorMessage
  // for it); here: the answer names the field.
  assert.ok(preset.body.details.some((d: any) => d.field === 'preset'), preset.text);
  const offered = await queue(p, uma, { url: 'https://example.invalid/v', options: { sponsorblock: { mode: 'remove' } } });
  assert.is(offered.status, 400);
  assert.is(offered.body.error, 'This server does not offer SponsorBlock. Leave it off');
});

test('without the youtube.download permission a person cannot queue; with it they can', async ({ p }) => {
  await p.t.request('/api/admin/permissions/youtube.download', { method: 'PUT', cookie: p.admin, json: { roles: [], users: [] } });
  const vic = await p.person('vic');
  const res = await queue(p, vic, { url: 'https://example.invalid/v' });
  assert.is(res.status, 403);
  assert.match(res.body.error, /youtube\.download/);
  await p.t.request('/api/admin/permissions/youtube.download', { method: 'PUT', cookie: p.admin, json: { roles: ['user'], users: [] } });
});

test('past the hourly limit the answer is 429 with when to try again; a refused link does not count', async ({ p }) => {
  await p.t.request('/api/admin/permissions/youtube.download', { method: 'PUT', cookie: p.admin, json: { roles: ['user'], users: [] } });
  const wes = await p.person('wes');
  assert.is((await queue(p, wes, { url: 'http://10.0.0.1/refused' })).status, 400);
  const [a, b] = [await queue(p, wes, { url: 'https://93.184.215.14/one' }), await queue(p, wes, { url: 'https://93.184.215.14/two' })];
  assert.equal([a.status, b.status], [202, 202], a.text + b.text);
  assert.is((await queue(p, wes, { url: 'https://93.184.215.14/two' })).status, 429, 'the limit comes before the duplicate check');
  const third = await queue(p, wes, { url: 'https://93.184.215.14/three' });
  assert.is(third.status, 429);
  assert.match(third.body.error, /^You can queue 2 links an hour\. Try again at \d\d:\d\d UTC \(in (59|60) minutes\)$/);
  const retry = Number(third.headers.get('retry-after'));
  assert.ok(retry > 3500 && retry <= 3600, `Retry-After ${retry}`);
  const listed = (await p.t.request('/api/plugins/youtube/downloads', { cookie: wes })).body;
  assert.equal(listed.limits, { perHour: 2, left: 0, nextAt: listed.limits.nextAt });
  assert.is(listed.queue.length, 2);
});

test('the same link twice in the queue is refused', async ({ p }) => {
  const xan = await p.person('xan');
  assert.is((await queue(p, xan, { url: 'https://93.184.215.14/same' })).status, 202);
  const again = await queue(p, xan, { url: 'https://93.184.215.14/same' });
  assert.equal([again.status, again.body.error], [409, 'This link is already in your queue']);
});

test('below the free-space floor new downloads are refused with a clear message', async ({ p }) => {
  await p.t.writePlugins({ youtube: { path: pluginDir, config: testConfig(p.downloads, { ...base, minFreeGb: 1_000_000 }) } });
  const yan = await p.person('yan');
  const res = await p.t.waitFor(async () => {
    const r = await queue(p, yan, { url: 'https://93.184.215.14/space' });
    return r.status === 507 ? r : undefined;
  }, 10_000, 'the new setting');
  assert.match(res!.body.error, /^The server is almost out of space \(\d+\.\d GB free, 1000000 GB must stay free\)\. Ask an admin to make room$/);
  // /api/status answers from the checks' last results while fresh ones finish: wait for the new setting's.
  const health = await p.t.waitFor(async () => {
    const text = JSON.stringify((await p.t.request('/api/status', { cookie: p.admin })).body);
    return /new downloads are refused below 1000000 GB/.test(text) ? text : undefined;
  }, 10_000, 'the health check to report the floor');
  assert.match(health!, /new downloads are refused below 1000000 GB/);
});

test('an admin stores a cookies file (0600, under the data folder); nobody can read it back', async ({ p, uma }) => {
  const content = '# Netscape HTTP Cookie File\n.youtube.com\tTRUE\t/\tTRUE\t2000000000\tSID\tsecret-value\n';
  assert.is((await p.t.request('/api/plugins/youtube/admin/cookies', { method: 'PUT', cookie: uma, json: { content } })).status, 403);
  const bad = await p.t.request('/api/plugins/youtube/admin/cookies', { method: 'PUT', cookie: p.admin, json: { content: 'hello' } });
  assert.is(bad.status, 400);
  assert.match(bad.body.error, /Netscape format/);
  const put = await p.t.request('/api/plugins/youtube/admin/cookies', { method: 'PUT', cookie: p.admin, json: { content } });
  assert.is(put.status, 200, put.text);
  assert.equal(Object.keys(put.body).sort(), ['bytes', 'present', 'updatedAt']);
  assert.not.match(put.text, /secret-value/);
  const file = join((p.t as any).core.config.dataDir, 'plugins', 'youtube', 'cookies.txt');
  assert.is((await stat(file)).mode & 0o777, 0o600);
  assert.match(await readFile(file, 'utf8'), /secret-value/);
  const got = await p.t.request('/api/plugins/youtube/admin/cookies', { cookie: p.admin });
  assert.equal([got.body.present, /secret/.test(got.text)], [true, false]);
});

test.run();
