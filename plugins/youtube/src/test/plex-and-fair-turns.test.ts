import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fileURLToPath } from 'node:url';
import { MediaServer } from './support/media-server.js';
import { FakePms } from './support/fake-pms.js';
import { finished, list, queue, startPortal, type Portal } from './support/harness.js';

// The real Plex plugin of this repository, connected by hand to a fake Plex Media Server.
const plexPlugin = fileURLToPath(new URL('../../../plex', import.meta.url));
const test = suite<{ p: Portal; media: MediaServer; pms: FakePms }>('Plex is asked to scan the right folder; people take turns');

test.before(async (ctx) => {
  ctx.media = await MediaServer.start();
  ctx.pms = await FakePms.start([
    { key: '1', title: 'Films', type: 'movie', paths: ['/data/films'] },
    { key: '7', title: 'YouTube', type: 'show', paths: ['/data/youtube'] },
  ]);
  ctx.p = await startPortal({ plexDownloadsDir: '/data/youtube/', concurrency: 1 }, { plugins: { plex: { path: plexPlugin, config: { serverUrl: ctx.pms.url, token: ctx.pms.token } } } });
});
test.after(async ({ p, media, pms }) => {
  await p?.stop();
  await media?.stop();
  await pms?.stop();
});

test('after a download, Plex scans exactly the folder it landed in, as Plex sees that folder', async ({ p, media, pms }) => {
  const uma = await p.person('uma', 'Uma');
  const { id } = (await queue(p, uma, { url: media.videoPage('/plex-one', 'For Plex') })).body.download;
  const done = await finished(p, uma, id, 40_000);
  assert.is(done.status, 'done', JSON.stringify(done));
  const done2 = await p.t.waitFor(async () => (await list(p, uma)).history.find((d) => d.id === id && d.plex), 10_000, 'the Plex answer');
  assert.is(done2.plex, 'In Plex: YouTube');
  const year = new Date().getUTCFullYear();
  assert.equal(pms.refreshes, [{ sectionId: '7', path: `/data/youtube/Uma/127.0.0.1/Season ${year}`, token: pms.token, method: 'POST' }]);
});

test('the settings test checks that a Plex library holds the downloads folder as Plex sees it', async ({ p }) => {
  const tryIt = (plexDownloadsDir: string) => p.t.request('/api/admin/plugins/youtube/settings/test', { method: 'POST', cookie: p.admin, json: { settings: { downloadsDir: p.downloads, plexDownloadsDir, allowPrivateAddresses: true } } });
  const good = await tryIt('/data/youtube');
  assert.is(good.status, 200, good.text);
  assert.is(good.body.ok, true, good.text);
  assert.match(good.body.message, /the Plex library "YouTube" holds \/data\/youtube/);
  assert.match(good.body.message, /yt-dlp \d{4}\.\d\d\.\d\d/);
  const bad = await tryIt('/mnt/elsewhere');
  assert.equal([bad.body.ok, bad.body.message], [false, 'no Plex library holds /mnt/elsewhere: add that folder to a TV Shows library in Plex, or set "Downloads folder as Plex sees it" to the path Plex uses']);
});

test("one person's playlist does not hold up another person's single video", async ({ p, media }) => {
  const ana = await p.person('ana', 'Ana');
  const ben = await p.person('ben', 'Ben');
  const playlist = media.page('/many', `<html><head><title>Ana's list</title></head><body>${['clip', 'other', 'third', 'clip'].map((v) => `<video src="/media/${v}.mp4"></video>`).join('')}</body></html>`);
  const a = await queue(p, ana, { url: playlist, playlist: true, limit: 4, preset: 'audio-m4a' });
  const b = await queue(p, ben, { url: media.videoPage('/ben', "Ben's video") });
  assert.equal([a.status, b.status], [202, 202]);
  // One download at a time: Ana's link is listed (4 items), then it is Ben's turn, then Ana's.
  const bens = await finished(p, ben, b.body.download.id, 60_000);
  assert.is(bens.status, 'done');
  const anas = await list(p, ana);
  const items = [...anas.queue, ...anas.history].filter((d) => d.group?.id === a.body.download.id);
  assert.is(items.length, 4, JSON.stringify(anas));
  assert.is(items.filter((d) => d.status === 'done').length, 0, `Ben waited for none of Ana's items: ${JSON.stringify(items.map((d) => d.status))}`);
  const first = await finished(p, ana, items[0].id, 60_000);
  assert.is(first.status, 'done');
  assert.ok(Date.parse(first.finishedAt) > Date.parse(bens.finishedAt));
  for (const d of items.slice(1)) await p.t.request(`/api/plugins/youtube/downloads/${d.id}/cancel`, { method: 'POST', cookie: ana });
});

test.run();
