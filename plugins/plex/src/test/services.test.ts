import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fileURLToPath } from 'node:url';
import { startTestCore, type TestCore } from '@medianest/sdk/testing';
import { startFakePms, type FakePms } from './support/fake-pms.js';
import { drift } from './support/spec-check.js';
import { pluginDir } from './support/harness.js';

const consumerDir = fileURLToPath(new URL('../../test-fixtures/consumer-plugin', import.meta.url));
const TOKEN = 'admin-token-services-0001';
let pms: FakePms;
let t: TestCore;
let admin: string;

test.before(async () => {
  pms = await startFakePms({ tokens: { [TOKEN]: 1 } });
  t = await startTestCore({
    plugins: {
      plex: { path: pluginDir, config: { serverUrl: pms.url, token: TOKEN } },
      'plex-consumer': { path: consumerDir },
    },
  });
  admin = await t.sessionCookie('admin');
});

test.after(async () => {
  await t?.stop();
  await pms?.close();
});

test('another plugin reads the sections and their folders through plex.library', async () => {
  const res = await t.request('/api/plugins/plex-consumer/sections', { cookie: admin });
  assert.is(res.status, 200, res.text);
  assert.equal(res.body.sections.map((s: any) => [s.id, s.title, s.type, s.locations]), [
    ['1', 'Films', 'movie', ['/data/media/films']],
    ['2', 'TV', 'show', ['/data/media/tv']],
    ['3', 'YouTube', 'movie', ['/data/youtube']],
  ]);
});

test('sectionFor finds the section whose folder holds a path, and null for a path outside every library', async () => {
  const inside = await t.request('/api/plugins/plex-consumer/section-for?path=' + encodeURIComponent('/data/youtube/alice/video.mp4'), { cookie: admin });
  assert.equal(inside.body.section, { id: '3', title: 'YouTube' });
  const outside = await t.request('/api/plugins/plex-consumer/section-for?path=' + encodeURIComponent('/data/youtubers/x.mp4'), { cookie: admin });
  assert.is(outside.body.section, null);
});

test('scan asks Plex for a partial scan of the given folder', async () => {
  const res = await t.request('/api/plugins/plex-consumer/scan', { method: 'POST', cookie: admin, json: { sectionId: '3', path: '/data/youtube/alice' } });
  assert.is(res.status, 200, res.text);
  assert.equal(pms.refreshes.at(-1), { sectionId: '3', path: '/data/youtube/alice' });
});

test('plex.identity answers null for a user who never signed in with Plex', async () => {
  const res = await t.request('/api/plugins/plex-consumer/identity/nobody', { cookie: admin });
  assert.is(res.status, 200, res.text);
  assert.is(res.body.account, null);
});

test('the fake server never drifted from the spec', () => {
  assert.equal(drift, []);
});

test.run();
