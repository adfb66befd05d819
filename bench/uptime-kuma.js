// Benchmark: the Uptime Kuma plugin's /status route under load, and what that load costs Uptime Kuma.
// Usage: npm run build && node bench/uptime-kuma.js   (needs wrk: apt-get install wrk). Prints figures; asserts nothing.
// The core runs in this process (the SDK's test harness); upstream is the plugin's stand-in Uptime Kuma (recorded answers, counting requests), so the figure
// is the portal's own cost; every signed-in browser reads the cached view.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startTestCore } from '@medianest/core/testing';
import { FakeKuma } from '../plugins/uptime-kuma/dist/test/support/fake-kuma.js';

const duration = process.env.BENCH_DURATION ?? '10s';
const connections = process.env.BENCH_CONNECTIONS ?? '50';
const pluginDir = new URL('../plugins/uptime-kuma', import.meta.url).pathname;

const fake = await FakeKuma.start();
// A household's worth of services: 20 monitors in 4 groups, 50 heartbeats each.
const page = fake.page;
page.publicGroupList = ['Media', 'Network', 'Home', 'Storage'].map((name, g) => ({
  id: g + 1, name, weight: g + 1,
  monitorList: Array.from({ length: 5 }, (_, i) => ({ id: g * 5 + i + 1, name: `${name} ${i + 1}`, sendUrl: 0, type: 'http' })),
}));
for (let id = 1; id <= 20; id++) {
  fake.heartbeats.heartbeatList[id] = [];
  for (let b = 0; b < 50; b++) fake.beat(id, id % 7 === 0 ? 0 : 1);
  fake.heartbeats.uptimeList[`${id}_24`] = id % 7 === 0 ? 0 : 1;
}

const t = await startTestCore({
  apiRateLimit: '100000000/min',
  plugins: { 'uptime-kuma': { path: pluginDir, config: { baseUrl: fake.url, statusPages: ['home'], pollInterval: '10s' } } },
});
const cookie = await t.sessionCookie('user');
const url = `${t.url}/api/plugins/uptime-kuma/status`;
for (let i = 0; i < 100 && (await t.request('/api/plugins/uptime-kuma/status', { cookie })).body.upstream?.state !== 'ok'; i++) await new Promise((r) => setTimeout(r, 100));
const size = (await t.request('/api/plugins/uptime-kuma/status', { cookie })).text.length;

const asked = () => fake.requests.filter((r) => r.startsWith('/api/status-page/')).length;
const before = asked();
await wrk(); // warm-up
const started = performance.now();
const run = await wrk();
const seconds = (performance.now() - started) / 1000;
const upstream = asked() - before;

console.log(`\nwrk -t2 -c${connections} -d${duration}, Node ${process.versions.node}`);
console.log(`GET /api/plugins/uptime-kuma/status (20 monitors, ${(size / 1024).toFixed(1)} KB)  ${run.rps.toFixed(0)} req/s   p99 ${run.p99ms.toFixed(2)} ms   non-2xx ${run.errors}`);
console.log(`requests to Uptime Kuma meanwhile                   ${upstream} in ${seconds.toFixed(0)} s for ${run.requests} page reads (a poll is 2 requests every 10 s)`);
await t.stop();
await fake.stop();

async function wrk() {
  // Asynchronously: the core runs in this process and must keep serving.
  const { stdout: out } = await promisify(execFile)('wrk', ['-t2', `-c${connections}`, `-d${duration}`, '--latency', '-H', `Cookie: ${cookie}`, url], { encoding: 'utf8' });
  const p99 = /\s99%\s+([\d.]+)(us|ms|s)/.exec(out);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)[1]),
    requests: Number(/(\d+) requests in/.exec(out)[1]),
    p99ms: Number(p99[1]) * { us: 0.001, ms: 1, s: 1000 }[p99[2]],
    errors: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
  };
}
