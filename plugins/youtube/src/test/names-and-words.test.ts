import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { inside, isInside, layoutPath, safeSegment } from '../names.js';
import { parseProgress } from '../ytdlp-process.js';
import { explain } from '../explain.js';
import { plexPath } from '../plex.js';
import { versionDate } from '../health.js';
import { isPrivateAddress } from '../url-guard.js';

const test = suite('names, progress lines and words');

test('a title becomes one safe file name on every filesystem', () => {
  assert.is(safeSegment('../../etc/passwd'), '-..-etc-passwd');
  assert.is(safeSegment('What? A "quote": <b>|*'), 'What A quote b');
  assert.is(safeSegment('  ...hidden. '), 'hidden');
  assert.is(safeSegment('CON'), '_CON');
  assert.is(safeSegment(''), 'Untitled');
  assert.is(safeSegment('tab\there\nnewline'), 'tab here newline');
  const long = safeSegment('é'.repeat(200), 120);
  assert.ok(Buffer.byteLength(long) <= 120 && long.length === 60, 'cut by bytes, never inside a character');
});

test('the "by date" layout follows Plex: Channel/Season YYYY/sYYYY.eMMDD - Title [id]', () => {
  assert.equal(layoutPath({ title: 'A/B', videoId: 'x1', channel: 'Chan', uploadDate: '20240317' }, 'by-date'), ['Chan', 'Season 2024', 's2024.e0317 - A-B [x1]']);
  assert.equal(layoutPath({ title: 'T', videoId: 'x1', channel: '', uploadDate: null }, 'by-date', new Date('2026-02-03T10:00:00Z')), ['Unknown channel', 'Season 2026', 's2026.e0203 - T [x1]']);
  assert.equal(layoutPath({ title: 'T', videoId: '../x', channel: 'C' }, 'flat'), ['T [-x]']);
});

test('paths are checked to stay inside a folder', () => {
  assert.ok(isInside('/d/uma', '/d/uma/a/b.mp4'));
  assert.not.ok(isInside('/d/uma', '/d/umax/b.mp4'));
  assert.not.ok(isInside('/d/uma', '/d/uma/../bob/x'));
  assert.throws(() => inside('/d/uma', '..', 'bob'), /escapes/);
});

test('progress lines are read from the JSON template, other output is ignored', () => {
  assert.equal(parseProgress('MNP {"status": "downloading", "downloaded_bytes": 1024, "total_bytes": null, "total_bytes_estimate": 4096, "speed": 512.5, "eta": 6}'), { phase: 'downloading', bytesDone: 1024, bytesTotal: 4096, speed: 512.5, eta: 6 });
  assert.equal(parseProgress('MNPP started FFmpegMerger'), { phase: 'processing', step: 'FFmpegMerger' });
  assert.is(parseProgress('[download]  12.5% of 3.00MiB'), null);
  assert.is(parseProgress('MNP {broken'), null);
});

test('yt-dlp errors become household words; the detail keeps its own line', () => {
  const run = (stderr: string, code = 1) => explain({ code, signal: null, stderr }, 'yt-dlp');
  assert.is(run('ERROR: [youtube] abc: Private video. Sign in if you\'ve been granted access').message, 'This video is private');
  assert.is(run('ERROR: [youtube] abc: Video unavailable. This video has been removed by the uploader').message, "This video isn't available any more (it was removed or never existed)");
  assert.is(run('ERROR: [youtube] abc: The uploader has not made this video available in your country').message, "This video can't be watched from our country");
  assert.is(run("ERROR: [youtube] abc: Sign in to confirm you're not a bot").message, 'The site asked us to prove we are not a robot. An admin can add a cookies file to fix this');
  assert.is(run('ERROR: unable to write data: [Errno 28] No space left on device').message, "The server's disk is full. An admin needs to free some space");
  assert.is(run('ERROR: Postprocessing: ffprobe and ffmpeg not found. Please install or provide the path').message, "The server can't finish videos right now (ffmpeg is missing). Tell an admin");
  assert.match(run('ERROR: unable to download video data: <urlopen error [Errno 104] Connection reset by peer>').message, /^The connection dropped/);
  assert.is(run('WARNING: x\nERROR: Unsupported URL: http://a/b').detail, 'ERROR: Unsupported URL: http://a/b (exit 1)');
  assert.is(run('yt-dlp: error: no such option: --bogus', 2).message, "The server's download settings are wrong. Tell an admin");
  const missing = explain({ code: null, signal: null, stderr: '', spawnError: Object.assign(new Error('x'), { code: 'ENOENT' }) }, '/opt/yt-dlp');
  assert.is(missing.message, "Downloads aren't set up on this server yet (yt-dlp is missing). Tell an admin");
  assert.match(missing.detail, /apt-get install yt-dlp/);
});

test('a folder is translated to the path Plex sees', () => {
  assert.is(plexPath('/downloads/Uma/Chan/Season 2026', '/downloads', '/data/youtube/'), '/data/youtube/Uma/Chan/Season 2026');
  assert.is(plexPath('/downloads', '/downloads', '/data/youtube'), '/data/youtube');
  assert.is(plexPath('/downloads/Uma', '/downloads', ''), '/downloads/Uma');
});

test('yt-dlp versions read as dates; private addresses are known', () => {
  assert.equal(versionDate('2023.03.04'), new Date(Date.UTC(2023, 2, 4)));
  assert.is(versionDate('nightly'), null);
  for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '0.0.0.0']) assert.ok(isPrivateAddress(a), a);
  for (const a of ['93.184.215.14', '8.8.8.8', '2606:4700::1111']) assert.not.ok(isPrivateAddress(a), a);
});

test.run();
