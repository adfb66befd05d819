import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MediaServer } from './support/media-server.js';
import { connect, finished, list, queue, startPortal, type Portal } from './support/harness.js';

const test = suite<{ p: Portal; media: MediaServer; uma: string }>('downloading with the real yt-dlp and ffmpeg');

test.before(async (ctx) => {
  ctx.media = await MediaServer.start();
  ctx.p = await startPortal();
  ctx.uma = await ctx.p.person('uma', 'Uma');
});
test.after(async ({ p, media }) => {
  await p?.stop();
  await media?.stop();
});

test('a page with a <video> lands in the person\'s folder in the Plex "by date" layout with an .nfo, and progress reaches their browser', async ({ p, media, uma }) => {
  media.slowRate = 24 * 1024;
  const url = media.page('/watch/cats', '<!doctype html><html><head><title>Cats on a piano</title></head><body><video src="/slow/clip.mp4"></video></body></html>');
  const socket = await connect(p.t.url, uma);
  const events: any[] = [];
  socket.on('youtube.download', (d) => events.push({ ...d, at: Date.now() }));
  try {
    const res = await queue(p, uma, { url, preset: '480p' });
    assert.is(res.status, 202, res.text);
    const id = res.body.download.id;
    const done = await finished(p, uma, id, 30_000);
    assert.is(done.status, 'done', JSON.stringify(done));
    const year = new Date().getUTCFullYear();
    assert.match(done.file, new RegExp(`^127\\.0\\.0\\.1/Season ${year}/s${year}\\.e\\d{4} - Cats on a piano \\(1\\) \\[cats-1\\]\\.mp4$`));
    const file = join(p.downloads, 'Uma', done.file);
    assert.is((await stat(file)).size > 1000, true);
    const nfo = await readFile(file.replace(/\.mp4$/, '.nfo'), 'utf8');
    assert.match(nfo, /<title>Cats on a piano \(1\)<\/title>/);
    assert.match(await readFile(join(p.downloads, 'Uma', '127.0.0.1', 'tvshow.nfo'), 'utf8'), /<title>127\.0\.0\.1<\/title>/);
    assert.equal(await readdir(join(p.downloads, 'Uma', '.incomplete')), [], 'no partial files are left');

    const moving = events.filter((e) => e.id === id && e.phase === 'downloading' && e.percent > 0 && e.percent < 100);
    assert.ok(moving.length >= 2, `progress events: ${JSON.stringify(events.map((e) => [e.status, e.phase, e.percent]))}`);
    assert.ok(moving.every((e) => e.bytesTotal > 0) && moving.some((e) => e.speed > 0 && e.eta !== null), 'they carry size, speed and time left');
    const progress = events.filter((e) => e.id === id && e.status === 'running');
    const busiest = Math.max(...progress.map((e) => progress.filter((f) => f.at >= e.at && f.at < e.at + 1000).length));
    assert.ok(busiest <= 3, `at most about two updates a second (saw ${busiest} within one second)`);
    assert.is(events.at(-1).status, 'done');
  } finally {
    socket.close();
  }
});

test('a title that tries to climb out of the folder stays a file name inside it', async ({ p, media, uma }) => {
  const url = media.videoPage('/evil', '../../../../etc/passwd');
  const res = await queue(p, uma, { url });
  const done = await finished(p, uma, res.body.download.id);
  assert.is(done.status, 'done', JSON.stringify(done));
  assert.ok(done.file.split('/').every((part: string) => part !== '..' && !part.startsWith('.')), done.file);
  assert.match(done.file, /etc-passwd \(1\) \[evil-1\]\.mp4$/);
  await stat(join(p.downloads, 'Uma', done.file));
});

test('a page with several videos is a playlist: each item is a download of its own, "item 2 of 3"', async ({ p, media, uma }) => {
  const url = media.page('/list', '<html><head><title>Holiday</title></head><body><video src="/media/clip.mp4"></video><video src="/media/other.mp4"></video><video src="/media/third.mp4"></video></body></html>');
  const res = await queue(p, uma, { url, playlist: true, limit: 3, preset: 'audio-m4a' });
  assert.is(res.status, 202, res.text);
  const items = (await p.t.waitFor(async () => {
    const l = await list(p, uma);
    const mine = [...l.queue, ...l.history].filter((d) => d.group?.id === res.body.download.id);
    return mine.length === 3 && mine.every((d) => d.status === 'done') ? mine : undefined;
  }, 60_000, 'the three items')) as any[];
  assert.equal(items.map((d) => `${d.group.index} of ${d.group.size}`).sort(), ['1 of 3', '2 of 3', '3 of 3']);
  assert.ok(items.every((d) => d.file.endsWith('.m4a')), JSON.stringify(items.map((d) => d.file)));
});

test('the same video again is recognised and skipped unless asked for', async ({ p, media, uma }) => {
  const url = media.videoPage('/again', 'Twice');
  const first = await finished(p, uma, (await queue(p, uma, { url })).body.download.id);
  assert.is(first.status, 'done');
  const second = await finished(p, uma, (await queue(p, uma, { url })).body.download.id);
  assert.is(second.status, 'skipped');
  assert.match(second.error, /^You already downloaded this on \d{4}-\d\d-\d\d/);
  const third = await finished(p, uma, (await queue(p, uma, { url, force: true })).body.download.id);
  assert.is(third.status, 'done');
});

test('a link yt-dlp cannot read fails in plain words; the admin sees yt-dlp\'s own error; the queue goes on', async ({ p, media, uma }) => {
  const bad = await queue(p, uma, { url: media.page('/nothing', '<html><head><title>No video here</title></head><body>Hello</body></html>') });
  const good = await queue(p, uma, { url: media.videoPage('/fine', 'Fine') });
  const failed = await finished(p, uma, bad.body.download.id);
  assert.is(failed.status, 'failed');
  assert.is(failed.error, "This site isn't supported, or the link doesn't point to a video");
  assert.is(failed.errorDetail, undefined, 'household members do not get the detail');
  const seen = (await p.t.request('/api/plugins/youtube/admin/downloads', { cookie: p.admin })).body.downloads.find((d: any) => d.id === failed.id);
  assert.match(seen.errorDetail, /^ERROR: Unsupported URL/);
  assert.is((await finished(p, uma, good.body.download.id)).status, 'done');
});

test.run();
