import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MediaServer } from './support/media-server.js';
import { finished, list, queue, startPortal, type Portal } from './support/harness.js';
import { processesWith, startWorker } from './support/processes.js';

// A web-only portal; downloads run in worker processes the tests start (and kill).
const test = suite<{ p: Portal; media: MediaServer; uma: string }>('cancel, and a worker killed mid-download');

test.before(async (ctx) => {
  ctx.media = await MediaServer.start();
  ctx.p = await startPortal({}, { role: 'web' });
  ctx.uma = await ctx.p.person('uma', 'Uma');
});
test.after(async ({ p, media }) => {
  await p?.stop();
  await media?.stop();
});

const running = (p: Portal, cookie: string, id: number, atLeast: number) =>
  p.t.waitFor(async () => (await list(p, cookie)).queue.find((d) => d.id === id && d.status === 'running' && d.percent >= atLeast), 40_000, `download ${id} to pass ${atLeast}%`);

test('cancel mid-download ends the yt-dlp process group and removes the partial files', async ({ p, media, uma }) => {
  media.slowRate = 128 * 1024;
  const worker = await startWorker(p.t);
  try {
    const url = media.page('/cancel-me', '<html><head><title>Too long</title></head><body><video src="/slow/big.mp4"></video></body></html>');
    const { id } = (await queue(p, uma, { url })).body.download;
    await running(p, uma, id, 2);
    assert.ok((await processesWith(url)).length >= 1, 'yt-dlp runs');
    const partial = join(p.downloads, 'Uma', '.incomplete', String(id));
    assert.ok((await readdir(partial, { recursive: true })).some((f) => String(f).endsWith('.part')), 'a partial file is being written');
    const res = await p.t.request(`/api/plugins/youtube/downloads/${id}/cancel`, { method: 'POST', cookie: uma });
    assert.is(res.status, 200, res.text);
    const done = await finished(p, uma, id);
    assert.is(done.status, 'canceled');
    await p.t.waitFor(async () => (await processesWith(url)).length === 0, 8000, 'yt-dlp to end');
    await p.t.waitFor(async () => !(await stat(partial).catch(() => null)), 8000, 'the partial files to go');
    const again = await p.t.request(`/api/plugins/youtube/downloads/${id}/cancel`, { method: 'POST', cookie: uma });
    assert.equal([again.status, again.body.error], [409, 'This download has already finished']);
  } finally {
    worker.child.kill('SIGKILL');
    await worker.exited;
  }
});

test('a worker killed with SIGKILL mid-download: another worker carries on from the partial file and finishes it', async ({ p, media, uma }) => {
  media.slowRate = 256 * 1024;
  const first = await startWorker(p.t);
  let second: Awaited<ReturnType<typeof startWorker>> | undefined;
  try {
    const url = media.page('/survive', '<html><head><title>Survivor</title></head><body><video src="/slow/big.mp4"></video></body></html>');
    const { id } = (await queue(p, uma, { url })).body.download;
    await running(p, uma, id, 15);
    first.child.kill('SIGKILL');
    await first.exited;
    const before = media.hits.length;
    second = await startWorker(p.t);
    const done = await finished(p, uma, id, 60_000);
    assert.is(done.status, 'done', JSON.stringify(done));
    const resumed = media.hits.slice(before).filter((h) => h.path === '/slow/big.mp4');
    assert.ok(resumed.some((h) => h.range && Number(/bytes=(\d+)-/.exec(h.range)?.[1]) > 0), `the second try asked for the rest only: ${JSON.stringify(resumed)}`);
    const got = await readFile(join(p.downloads, 'Uma', done.file));
    assert.is(got.length > 100_000, true);
    assert.is((await list(p, uma)).queue.length, 0);
  } finally {
    first.child.kill('SIGKILL');
    second?.child.kill('SIGKILL');
    await second?.exited;
  }
});

test.run();
