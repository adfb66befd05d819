// Benchmark: 50 queued downloads from 10 people, through the real yt-dlp and ffmpeg.
// Usage: npm run build && node bench/youtube.js   (BENCH_FINISH=20: how many to let finish; the
// rest are cancelled). Prints figures; asserts nothing.
// The web role runs in this process (the test harness: real PostgreSQL and Redis); downloads run in
// a separate worker process, whose RSS is sampled while it runs 2 downloads. Media come from a
// local web server throttled to BENCH_RATE bytes/s per download.
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { MediaServer } from '../plugins/youtube/dist/test/support/media-server.js';
import { connect, list, queue, startPortal } from '../plugins/youtube/dist/test/support/harness.js';
import { processesWith, startWorker } from '../plugins/youtube/dist/test/support/processes.js';

const PEOPLE = 10;
const EACH = 5;
const FINISH = Number(process.env.BENCH_FINISH ?? 20);
const media = await MediaServer.start();
media.slowRate = Number(process.env.BENCH_RATE ?? 1024 * 1024);
const p = await startPortal({ concurrency: 2 }, { role: 'web' });
const worker = await startWorker(p.t);
const people = await Promise.all(Array.from({ length: PEOPLE }, (_, i) => p.person(`person${i}`, `Person ${i}`)));

// Everyone listens, as their open pages would.
let events = 0;
let eventBytes = 0;
const sockets = await Promise.all(people.map((cookie) => connect(p.t.url, cookie)));
for (const s of sockets) s.on('youtube.download', (d) => { events++; eventBytes += JSON.stringify(d).length; });

// Person 0 queues all 5 first, then person 1, …: the worst order for a first-come queue.
const enqueueMs = [];
for (let i = 0; i < PEOPLE; i++) {
  for (let j = 0; j < EACH; j++) {
    const url = media.page(`/p${i}/v${j}`, `<html><head><title>Person ${i} video ${j}</title></head><body><video src="/slow/big.mp4"></video></body></html>`);
    const t0 = performance.now();
    const res = await queue(p, people[i], { url, preset: '480p' });
    enqueueMs.push(performance.now() - t0);
    if (res.status !== 202) throw new Error(`queueing answered ${res.status}: ${res.text}`);
  }
}

// RSS of the worker (Node) and of its yt-dlp processes, sampled while 2 downloads run.
const rss = async (pid) => Number(/VmRSS:\s+(\d+)/.exec(await readFile(`/proc/${pid}/status`, 'utf8').catch(() => ''))?.[1] ?? 0) / 1024;
const samples = [];
const started = performance.now();
const eventsAtStart = events;
const sampler = setInterval(async () => {
  const ytdlp = await processesWith('--progress-template');
  if (ytdlp.length >= 2) samples.push({ worker: await rss(worker.child.pid), ytdlp: (await Promise.all(ytdlp.map(rss))).reduce((a, b) => a + b, 0) });
}, 500);

const db = new pg.Client({ connectionString: p.t.core.config.databaseUrl });
await db.connect();
const doneCount = async () => (await db.query(`select count(*)::int as n from youtube_downloads where status = 'done'`)).rows[0].n;
while ((await doneCount()) < FINISH) await new Promise((r) => setTimeout(r, 500));
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
const window = events - eventsAtStart;

const order = (await db.query(`select d.user_id from youtube_downloads d where dispatched_at is not null order by dispatched_at, id limit ?`.replace('?', String(FINISH)))).rows.map((r) => Number(r.user_id.replace('person', '')));
const turns = Array.from({ length: PEOPLE }, (_, i) => order.filter((o) => o === i).length);

// Cancel what is left, as people would.
for (const cookie of people) for (const d of (await list(p, cookie)).queue) await p.t.request(`/api/plugins/youtube/downloads/${d.id}/cancel`, { method: 'POST', cookie });

const sorted = [...enqueueMs].sort((a, b) => a - b);
const pct = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)].toFixed(1);
const avg = (k) => (samples.length ? (samples.reduce((a, s) => a + s[k], 0) / samples.length).toFixed(0) : 'n/a');
const max = (k) => (samples.length ? Math.max(...samples.map((s) => s[k])).toFixed(0) : 'n/a');
console.log(`youtube bench: ${PEOPLE} people x ${EACH} links = ${enqueueMs.length} queued (person 0 first, then 1, ...), ${FINISH} let finish, media ${(media.slowRate / 1024).toFixed(0)} KB/s each, concurrency 2`);
console.log(`enqueue (POST /downloads, sequential): p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, max ${sorted.at(-1).toFixed(1)} ms`);
console.log(`turns, in the order handed out (person numbers): ${order.join(' ')}`);
console.log(`turns per person in the first ${FINISH}: ${turns.join(' ')}`);
console.log(`${FINISH} downloads finished in ${seconds.toFixed(1)} s; progress events on the wire: ${(window / seconds).toFixed(1)}/s (${window} events, ${(eventBytes / Math.max(1, events)).toFixed(0)} bytes each on average)`);
console.log(`RSS while 2 downloads run (${samples.length} samples): worker process ${avg('worker')} MB (max ${max('worker')}), its 2 yt-dlp processes ${avg('ytdlp')} MB together (max ${max('ytdlp')})`);

for (const s of sockets) s.close();
await db.end();
worker.child.kill('SIGTERM');
await Promise.race([worker.exited, new Promise((r) => setTimeout(r, 5000))]);
worker.child.kill('SIGKILL');
await p.stop();
await media.stop();
process.exit(0);
