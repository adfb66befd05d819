// Benchmark: bare Koa against the whole core — a public plugin route, a signed-in core route and a
// signed-in plugin route (many sessions in rotation) — then live events to 2,000 browsers, cold
// start, and RSS with every first-party plugin enabled.
// Usage: npm run bench   (needs wrk: apt-get install wrk). Prints figures; asserts nothing.
// BENCH_DURATION (6s), BENCH_CONNECTIONS (50), BENCH_ROUNDS (5), BENCH_SESSIONS (500),
// BENCH_SOCKETS (2000), BENCH_IDLE_SECONDS (30), BENCH_KEEP (keep bench/results) change the run.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { SessionStore } from '../core/dist/auth/sessions.js';
import { deleteByPrefix } from '../core/dist/redis.js';
import { checkWrk, median, rotatingCookiesScript, wrk } from './lib/wrk.js';
import { rssMb, start, stop, waitFor } from './lib/processes.js';
import { measureLiveEvents } from './lib/live-events.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const duration = process.env.BENCH_DURATION ?? '6s';
const connections = process.env.BENCH_CONNECTIONS ?? '50';
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const sessionCount = Number(process.env.BENCH_SESSIONS ?? 500);
const socketCount = Number(process.env.BENCH_SOCKETS ?? 2000);
// Raised so the load is not refused: every request is still counted against its user, as in production.
const apiRateLimit = '100000000/min';
checkWrk();

const results = join(root, 'bench', 'results');
const dir = join(results, 'data');
rmSync(results, { recursive: true, force: true }); // each run starts from an empty install
mkdirSync(dir, { recursive: true });

// Every plugin of the repository's plugins.json, enabled (the first-party ones; new ones are picked
// up as they are added there), plus the bench's own probe.
const shipped = JSON.parse(readFileSync(join(root, 'plugins.json'), 'utf8')).plugins;
const plugins = {};
for (const [id, entry] of Object.entries(shipped)) {
  plugins[id] = { ...entry, enabled: true, ...(entry.path ? { path: resolve(root, entry.path) } : {}) };
}
// Settings that let the services' plugins run (their services are absent, so they run amber, polling as
// they would in a household): an Overseerr API key, a Plex server entered by hand.
plugins.overseerr.config = { ...plugins.overseerr.config, baseUrl: 'http://127.0.0.1:9', apiKey: 'bench'.repeat(8) };
plugins.plex.config = { ...plugins.plex.config, serverUrl: 'http://127.0.0.1:9', token: 'bench-token' };
plugins['uptime-kuma'].config = { ...plugins['uptime-kuma'].config, baseUrl: 'http://127.0.0.1:9' };
plugins.bench = { enabled: true, path: join(root, 'bench', 'fixtures', 'bench-plugin') };
const pluginsFile = join(results, 'plugins.json');
writeFileSync(pluginsFile, JSON.stringify({ plugins }, null, 2));

const port = 3902;
const base = `http://127.0.0.1:${port}`;
const prefix = 'mnbench:';
const env = { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dir, PLUGINS_FILE: pluginsFile, LOG_LEVEL: 'warn', REDIS_PREFIX: prefix, DATABASE_URL: '', RATE_LIMIT_API: apiRateLimit };
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
await deleteByPrefix(redis, prefix);

// The same command line as `npm start` (its V8 flags keep the heap small, MALLOC_ARENA_MAX=2 the C
// heap; BENCH_NODE_FLAGS tries others). The first start initialises the embedded PostgreSQL; the
// second is the cold start measured.
const coreArgs = [...(process.env.BENCH_NODE_FLAGS ?? '--max-semi-space-size=4 --min-semi-space-size=4 --max-old-space-size=512').split(' ').filter(Boolean), 'core/dist/cli/main.js', 'start'];
const first = start(root, coreArgs, env);
await waitFor(`${base}/api/health/ready`, 60_000);
await stop(first);
const t0 = performance.now();
const core = start(root, coreArgs, env);
await waitFor(`${base}/api/health/ready`);
const coldStartMs = Math.round(performance.now() - t0);
const rssReadyMb = rssMb(core.pid);

// Signed-in browsers: one session per person, each with the CSRF cookie the portal hands out.
const sessions = new SessionStore(redis, prefix);
const cookies = [];
for (let i = 0; i < sessionCount; i++) {
  const id = randomBytes(32).toString('base64url');
  await sessions.create(id, { id: `bench-${i}`, name: `Bench ${i}`, role: i === 0 ? 'admin' : 'user' });
  let cookie = `mn_session=${id}`;
  const res = await fetch(`${base}/api/me`, { headers: { cookie } });
  const csrf = /mn_csrf=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  if (csrf) cookie += `; mn_csrf=${csrf}`;
  cookies.push(cookie);
}
// Anonymous callers get the overall state only: ask as the admin (the first session).
const pluginStates = (await (await fetch(`${base}/api/status`, { headers: { cookie: cookies[0] } })).json()).plugins.map((p) => `${p.id} ${p.state}`);
const script = rotatingCookiesScript(join(results, 'sessions.lua'), cookies);

// A script's personal API token: a real account (made by the admin), signed in once to make it.
const adminHeaders = { cookie: cookies[0], 'x-csrf-token': /mn_csrf=([^;]+)/.exec(cookies[0])?.[1] ?? '', 'content-type': 'application/json' };
const account = { username: 'benchscript', password: 'a long bench password' };
const created = await fetch(`${base}/api/admin/users`, { method: 'POST', headers: adminHeaders, body: JSON.stringify({ ...account, role: 'user' }) });
if (created.status !== 201) throw new Error(`making the bench's account answered ${created.status}: ${await created.text()}`);
const anonCsrf = /mn_csrf=([^;]+)/.exec((await fetch(`${base}/api/me`)).headers.get('set-cookie') ?? '')?.[1] ?? '';
const signIn = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { cookie: `mn_csrf=${anonCsrf}`, 'x-csrf-token': anonCsrf, 'content-type': 'application/json' }, body: JSON.stringify(account) });
if (signIn.status !== 200) throw new Error(`signing the bench's account in answered ${signIn.status}: ${await signIn.text()}`);
const scriptSession = (signIn.headers.get('set-cookie') ?? '').split(';')[0];
const scriptCsrf = /mn_csrf=([^;]+)/.exec((await fetch(`${base}/api/me`, { headers: { cookie: scriptSession } })).headers.get('set-cookie') ?? '')?.[1] ?? '';
const made = await fetch(`${base}/api/tokens`, { method: 'POST', headers: { cookie: `${scriptSession}; mn_csrf=${scriptCsrf}`, 'x-csrf-token': scriptCsrf, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench' }) });
const apiToken = (await made.json()).token;
if (!apiToken) throw new Error(`making the bench's API token answered ${made.status}`);

const koaPort = 3901;
const koa = start(root, ['bench/bare-koa.js'], { PORT: String(koaPort) });
await waitFor(`http://127.0.0.1:${koaPort}/`);

// Alternate the targets, a few rounds each. On two shared cores the machine's speed drifts by a
// quarter within minutes, so a row's share of bare Koa is taken per round (against the bare Koa run
// just before it) and the median of those shares is printed; req/s and CPU are medians too.
// The signed-in rows send a different cookie each request, which costs wrk a Lua call a request
// (2–5 µs of its CPU, on the same two cores): their share is taken against bare Koa sent the same
// cookies by the same script, so the comparison is of the servers alone.
const targets = [
  { name: 'bare Koa hello-world', url: `http://127.0.0.1:${koaPort}/`, pid: koa.pid },
  { name: 'public plugin route (bench /now)', url: `${base}/api/plugins/bench/now`, pid: core.pid, baseline: 0 },
  { name: 'bare Koa, sent the sessions\' cookies', url: `http://127.0.0.1:${koaPort}/`, script, pid: koa.pid },
  { name: `signed-in core route (GET /api/me)`, url: `${base}/api/me`, script, pid: core.pid, baseline: 2 },
  { name: `signed-in plugin route (bench /whoami)`, url: `${base}/api/plugins/bench/whoami`, script, pid: core.pid, baseline: 2 },
  { name: `script with an API token (bench /whoami)`, url: `${base}/api/plugins/bench/whoami`, header: `Authorization: Bearer ${apiToken}`, pid: core.pid, baseline: 0 },
];
const runs = targets.map(() => []);
for (const t of targets) await wrk(t.url, { duration, connections, ...t }); // warm-up runs are discarded
for (let i = 0; i < rounds; i++) {
  for (const [k, t] of targets.entries()) runs[k].push(await wrk(t.url, { duration, connections, ...t }));
}
const figures = runs.map(median);
const rssAfterMb = rssMb(core.pid);
await stop(koa);
// What the portal keeps once the load is over: V8's memory reducer runs when the process goes idle.
const idleSeconds = Number(process.env.BENCH_IDLE_SECONDS ?? 30);
await new Promise((r) => setTimeout(r, idleSeconds * 1000));
const rssIdleMb = rssMb(core.pid);

const admin = cookies[0];
const csrf = /mn_csrf=([^;]+)/.exec(admin)?.[1] ?? '';
const live = await measureLiveEvents({
  url: base,
  cookies,
  count: socketCount,
  rounds: 10,
  raise: async (seq) => {
    const res = await fetch(`${base}/api/plugins/bench/ping`, { method: 'POST', headers: { cookie: admin, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify({ seq }) });
    if (res.status !== 204) throw new Error(`raising a live event answered ${res.status}: ${await res.text()}`);
  },
});
const rssAfterSocketsMb = rssMb(core.pid);
await stop(core);
await deleteByPrefix(redis, prefix);
redis.disconnect();
if (!process.env.BENCH_KEEP) rmSync(results, { recursive: true, force: true });

const middle = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const paired = (k, of) => middle(runs[k].map((r, i) => of(r, runs[targets[k].baseline][i])));
const line = (name, r) => `${name.padEnd(44)} ${r.rps.toFixed(0).padStart(8)} req/s   p99 ${r.p99ms.toFixed(2).padStart(7)} ms   ${r.cpuUsPerRequest.toFixed(0).padStart(4)} us CPU/request   non-2xx ${r.errors}`;
const share = (k) => `${(paired(k, (r, koa) => r.rps / koa.rps) * 100).toFixed(0)}% of bare Koa's req/s, p99 ${paired(k, (r, koa) => r.p99ms / koa.p99ms).toFixed(2)}x${targets[k].script ? ' (against bare Koa sent the same cookies)' : ''}`;
console.log(`\nwrk -t2 -c${connections} -d${duration}, median of ${rounds} alternating rounds, Node ${process.versions.node}, ${cpus().length} cores`);
console.log(`signed-in rows: ${sessionCount} sessions in rotation; API rate limit raised to ${apiRateLimit} for the bench (still counted per person)`);
for (const [k, t] of targets.entries()) console.log(line(t.name, figures[k]));
console.log('(CPU/request: the server process only, user + system; it varies far less than req/s on a shared machine)');
console.log('share of bare Koa: the median over the rounds of each round\'s ratio to the bare Koa run of that round with the same client (signed-in rows: the same rotating cookies)');
for (const k of [1, 3, 4, 5]) console.log(`  ${targets[k].name.padEnd(42)} ${share(k)}   (aim >= 50%, <= 2x)`);
console.log(`live events: ${live.count} signed-in browsers (WebSocket, in ${live.processes} client processes), ${live.rounds} changes    p50 ${live.p50} ms   p99 ${live.p99} ms   max ${live.max} ms   missed ${live.missed}   (aim p99 <= 250 ms; all connected in ${(live.connectMs / 1000).toFixed(1)} s)`);
console.log(`cold start to /api/health/ready              ${coldStartMs} ms   (aim <= 2000 ms, embedded PostgreSQL initialised)`);
console.log(`RSS at ready / at the end of the load / ${idleSeconds} s after it / with ${live.count} sockets    ${rssReadyMb.toFixed(0)} MB / ${rssAfterMb.toFixed(0)} MB / ${rssIdleMb.toFixed(0)} MB / ${rssAfterSocketsMb.toFixed(0)} MB   (aim <= 150 MB after load)`);
console.log(`plugins: ${pluginStates.join(', ')}`);
