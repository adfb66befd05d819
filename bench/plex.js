// Benchmark: the Plex plugin through the portal against the fake Plex Media Server directly, in the
// same run; then what 200 open dashboards cost Plex. Usage: npm run bench:plex (needs wrk).
// Prints figures; asserts nothing. The core and both fakes run in this process (the fakes check
// every answer against the Plex spec, which is part of their cost), so compare the two columns,
// not the absolute numbers, with other machines.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startTestCore } from '@medianest/core/testing';
import { startHousehold, OWNER, BOB } from '../plugins/plex/dist/test/support/household.js';
import { connectServer } from '../plugins/plex/dist/test/support/flows.js';
import { connect } from '../plugins/plex/dist/test/support/harness.js';

const duration = process.env.BENCH_DURATION ?? '10s';
const connections = process.env.BENCH_CONNECTIONS ?? '50';
const dashboards = Number(process.env.BENCH_DASHBOARDS ?? 200);
const watchSeconds = Number(process.env.BENCH_DASHBOARD_SECONDS ?? 30);
const pluginDir = new URL('../plugins/plex', import.meta.url).pathname;

const h = await startHousehold({ sizes: { '1': 10_000, '2': 400, '3': 40 } });
const t = await startTestCore({
  setUp: true,
  apiRateLimit: '100000000/min',
  plugins: { plex: { path: pluginDir, config: { plexTvUrl: h.plexTv.url, plexAppUrl: h.plexTv.url, pollInterval: '10s' } } },
});
const admin = await t.sessionCookie('admin', { id: 'bench-admin', name: 'Admin' });
await connectServer(t.request, admin, h, OWNER);
const token = `server-token-for-${OWNER.id}`;
const direct = ['-H', `X-Plex-Token: ${token}`, '-H', 'Accept: application/json'];

const poster = (await t.request('/api/plugins/plex/recent', { cookie: admin })).body.libraries[0].items[0].poster;
const thumb = new URL(poster, t.url).searchParams.get('p');
await t.request(poster, { cookie: admin }); // into the poster cache

const rows = [
  ['library page (60 of 10,000, start 5000)', `${t.url}/api/plugins/plex/libraries/1/items?start=5000&size=60&sort=title`, [], `${h.pms.url}/library/sections/1/all?sort=titleSort`, ['-H', 'X-Plex-Container-Start: 5000', '-H', 'X-Plex-Container-Size: 60']],
  ['search "dune"', `${t.url}/api/plugins/plex/search?q=dune`, [], `${h.pms.url}/hubs/search?query=dune&limit=10`, []],
  ['poster 160x240 (cached)', `${t.url}${poster}`, [], `${h.pms.url}/photo/:/transcode?url=${encodeURIComponent(thumb)}&width=160&height=240&minSize=1&upscale=1&format=jpeg`, []],
];
console.log(`\nwrk -t2 -c${connections} -d${duration}, Node ${process.versions.node}`);
console.log('what                                          through MediaNest              Plex (fake) directly');
for (const [what, mine, mineHeaders, theirs, theirHeaders] of rows) {
  const a = await wrk(mine, ['-H', `Cookie: ${admin}`, ...mineHeaders]);
  const b = await wrk(theirs, [...direct, ...theirHeaders]);
  console.log(`${what.padEnd(46)}${fmt(a).padEnd(31)}${fmt(b)}`);
}

// 200 dashboards: each reads what the dashboard reads, then again whenever now playing changes.
const hits = () => [...h.pms.hits.values()].reduce((a, b) => a + b, 0);
const cookie = await t.sessionCookie('user', { id: 'bench-user', name: 'Bench' });
const read = () => Promise.all(['now-playing', 'recent', 'continue'].map((p) => t.request(`/api/plugins/plex/${p}`, { cookie })));
const sockets = [];
for (let i = 0; i < dashboards; i++) {
  const s = await connect(t.url, cookie);
  s.on('plex.now-playing', () => void t.request('/api/plugins/plex/now-playing', { cookie }));
  sockets.push(s);
}
await Promise.all(sockets.map(() => read()));
const before = hits();
const started = performance.now();
let flips = 0;
const flip = setInterval(() => {
  flips++;
  h.pms.setSessions(flips % 2 ? [{ user: { id: String(BOB.id), title: 'bob' }, itemKey: '1002', state: 'playing', viewOffset: flips * 10_000, bandwidth: 5000, player: 'TV' }] : []);
}, 5000);
await new Promise((r) => setTimeout(r, watchSeconds * 1000));
clearInterval(flip);
const minutes = (performance.now() - started) / 60_000;
const perMinute = (hits() - before) / minutes;
console.log(`${dashboards} open dashboards for ${watchSeconds} s (now playing changing every 5 s): ${perMinute.toFixed(1)} requests/minute to Plex, including its notification socket`);
for (const s of sockets) s.close();
await t.stop();
await h.close();

function fmt(r) {
  return `${r.rps.toFixed(0)} req/s, p99 ${r.p99ms.toFixed(2)} ms${r.errors ? `, ${r.errors} non-2xx` : ''}`;
}

async function wrk(url, headers) {
  const { stdout: out } = await promisify(execFile)('wrk', ['-t2', `-c${connections}`, `-d${duration}`, '--latency', ...headers, url], { encoding: 'utf8' });
  const p99 = /\s99%\s+([\d.]+)(us|ms|s)/.exec(out);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)[1]),
    p99ms: Number(p99[1]) * { us: 0.001, ms: 1, s: 1000 }[p99[2]],
    errors: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
  };
}
