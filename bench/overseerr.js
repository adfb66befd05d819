// Benchmark: the Overseerr plugin's search against asking the (fake) Overseerr directly, in the same
// run; and how many requests Overseerr gets per minute while 200 "My requests" pages are open.
// Usage: npm run bench:overseerr   (BENCH_REQUESTS, BENCH_CONCURRENCY, BENCH_SECONDS). Prints figures; asserts nothing.
// The core runs in this process (the SDK's test harness, real PostgreSQL and Redis); upstream is the
// plugin's spec-checked stand-in Overseerr, which counts what it is asked.
import { io } from 'socket.io-client';
import { startTestCore } from '@medianest/core/testing';
import { FakeOverseerr } from '../plugins/overseerr/dist/test/support/fake-overseerr.js';

const total = Number(process.env.BENCH_REQUESTS ?? 1000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 20);
const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const pluginDir = new URL('../plugins/overseerr', import.meta.url).pathname;

const fake = await FakeOverseerr.start();
// A household: 20 Overseerr users, 200 titles, 100 requests.
for (let id = 4; id <= 20; id++) fake.users.push({ id, email: `p${id}@home.lan`, username: `person${id}` });
for (let i = 0; i < 200; i++) fake.titles.push({ mediaType: i % 2 ? 'tv' : 'movie', id: 10_000 + i, title: `Title ${i} ${i % 2 ? 'Show' : 'Film'}`, date: '2020-01-01', posterPath: '/p.jpg', overview: 'Something to watch.', seasons: [1, 2] });
const t = await startTestCore({
  apiRateLimit: '100000000/min',
  plugins: { overseerr: { path: pluginDir, config: { baseUrl: fake.url, apiKey: fake.apiKey, pollInterval: '30s' } } },
});
const admin = await t.sessionCookie('admin', { id: 'bench-admin', name: 'Admin' });
// Search allows 60 a minute per person: the load comes from many people, as it would.
const searchers = [];
for (let i = 0; i < 60; i++) searchers.push(await t.sessionCookie('user', { id: `bench-s${i}`, name: `Searcher ${i}` }));

async function run(label, urlOf, initOf) {
  let next = 0;
  const times = [];
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      const res = await fetch(urlOf(i), initOf(i));
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${label}: ${res.status}`);
      times.push(performance.now() - t0);
    }
  }));
  const wall = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return { label, rps: total / wall, p50: times[Math.floor(times.length / 2)], p99: times[Math.floor(times.length * 0.99)] };
}

const cookieInit = (i) => ({ headers: { cookie: searchers[i % searchers.length] } });
const keyInit = () => ({ headers: { 'x-api-key': fake.apiKey } });
await run('warm-up', (i) => `${t.url}/api/plugins/overseerr/search?q=warm${i % 50}`, cookieInit);
await new Promise((r) => setTimeout(r, 61_000)); // a fresh minute for every searcher's limit
const direct = await run('fake directly', (i) => `${fake.url}/api/v1/search?query=title%20${i % 200}&page=1`, keyInit);
const fresh = await run('plugin, new query', (i) => `${t.url}/api/plugins/overseerr/search?q=title%20${i}%20x${Date.now()}`, cookieInit);
const cached = await run('plugin, same query', () => `${t.url}/api/plugins/overseerr/search?q=title%201`, cookieInit);

console.log(`\nsearch, ${total} requests, ${concurrency} at a time, Node ${process.versions.node}`);
for (const r of [direct, fresh, cached]) console.log(`${r.label.padEnd(22)} ${r.rps.toFixed(0).padStart(6)} req/s   p50 ${r.p50.toFixed(2)} ms   p99 ${r.p99.toFixed(2)} ms`);
console.log(`ratio plugin/direct: new queries ${(direct.rps / fresh.rps).toFixed(2)}x the time, repeated queries ${(direct.rps / cached.rps).toFixed(2)}x`);

// 200 open "My requests" pages: 20 people with 10 tabs each, all linked, live sockets open.
const people = [];
for (let p = 0; p < 20; p++) {
  const cookie = await t.sessionCookie('user', { id: `bench-u${p}`, name: `Person ${p}` });
  await t.request('/api/plugins/overseerr/me', { cookie });
  await t.request(`/api/plugins/overseerr/people/bench-u${p}`, { method: 'PUT', cookie: admin, json: { overseerrUserId: p + 1 } });
  people.push(cookie);
}
for (let i = 0; i < 100; i++) {
  const cookie = people[i % 20];
  await t.request('/api/plugins/overseerr/requests', { method: 'POST', cookie, json: { mediaType: 'tv', tmdbId: 10_001 + 2 * (i % 100), seasons: [1] } });
}
const callsBefore = fake.calls.length;
const sockets = [];
for (let i = 0; i < 200; i++) {
  const cookie = people[i % 20];
  const socket = io(t.url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie } });
  await new Promise((resolve, reject) => { socket.once('connect', resolve); socket.once('connect_error', reject); });
  sockets.push(socket);
  await t.request('/api/plugins/overseerr/requests/mine', { cookie });
}
const afterLoad = fake.calls.length;
const windowStart = fake.calls.length;
await new Promise((r) => setTimeout(r, seconds * 1000));
const inWindow = fake.calls.length - windowStart;
console.log(`\n200 open "My requests" pages (20 people x 10 tabs), poll every 30 s, no webhook`);
console.log(`Overseerr requests to open the 200 pages: ${afterLoad - callsBefore} (each person's older requests are read once per 10 minutes)`);
console.log(`Overseerr requests per minute while they stay open: ${(inWindow * 60 / seconds).toFixed(1)} (measured over ${seconds} s)`);
console.log(`answers outside the spec: ${fake.violations.length}`);
for (const s of sockets) s.close();
await t.stop();
await fake.stop();
