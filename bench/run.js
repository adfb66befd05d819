// Benchmark: bare Koa vs the example plugin's JSON route through the whole core; cold start; RSS after load.
// Usage: npm run bench   (needs wrk: apt-get install wrk). Prints figures; asserts nothing.
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const node = process.execPath;
const duration = process.env.BENCH_DURATION ?? '10s';
const connections = process.env.BENCH_CONNECTIONS ?? '50';

try {
  execFileSync('wrk', ['--version'], { stdio: 'ignore' });
} catch (err) {
  if (err.code === 'ENOENT') {
    console.error('wrk is not installed: run `apt-get install wrk`');
    process.exit(1);
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(url, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {}
    await sleep(10);
  }
  throw new Error(`${url} not ready in ${timeoutMs} ms`);
}

function start(args, env) {
  const child = spawn(node, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  return child;
}

async function stop(child) {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

function wrk(url) {
  const out = execFileSync('wrk', ['-t2', `-c${connections}`, `-d${duration}`, '--latency', url], { encoding: 'utf8' });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)[1]);
  const p99 = /\s99%\s+([\d.]+)(us|ms|s)/.exec(out);
  const p99ms = Number(p99[1]) * { us: 0.001, ms: 1, s: 1000 }[p99[2]];
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? '0';
  return { rps, p99ms, errors: Number(errors) };
}

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

const results = {};
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const median = (runs) => {
  const sorted = [...runs].sort((a, b) => a.rps - b.rps);
  return sorted[Math.floor(sorted.length / 2)];
};

// The core with the example plugin, embedded PostgreSQL already initialised (the first start initialises it).
const port = 3902;
const dir = join(root, 'bench', 'results', 'data');
mkdirSync(dir, { recursive: true });
const pluginsFile = join(root, 'bench', 'results', 'plugins.json');
writeFileSync(pluginsFile, JSON.stringify({ plugins: { sysinfo: { enabled: true, package: 'medianest-plugin-sysinfo', config: { interval: '5s' } } } }));
const env = { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dir, PLUGINS_FILE: pluginsFile, LOG_LEVEL: 'warn', REDIS_PREFIX: 'mnbench:', DATABASE_URL: '' };
// The same command line as `npm start` (its V8 flag keeps the young generation small).
const coreArgs = ['--max-semi-space-size=4', 'core/dist/cli/main.js', 'start'];
const first = start(coreArgs, env);
await waitFor(`http://127.0.0.1:${port}/api/health/ready`, 60_000);
await stop(first);

const t0 = performance.now();
const core = start(coreArgs, env);
await waitFor(`http://127.0.0.1:${port}/api/health/ready`);
results.coldStartMs = Math.round(performance.now() - t0);
results.rssReadyMb = rssMb(core.pid);

const koaPort = 3901;
const koa = start(['bench/bare-koa.js'], { PORT: String(koaPort) });
await waitFor(`http://127.0.0.1:${koaPort}/`);

// Alternate the two, a few rounds each, and keep the median: on two shared cores single runs vary by 10-15%.
const koaUrl = `http://127.0.0.1:${koaPort}/`;
const pluginUrl = `http://127.0.0.1:${port}/api/plugins/sysinfo/now`;
wrk(koaUrl); // warm-up runs are discarded
wrk(pluginUrl);
const koaRuns = [];
const pluginRuns = [];
for (let i = 0; i < rounds; i++) {
  koaRuns.push(wrk(koaUrl));
  pluginRuns.push(wrk(pluginUrl));
}
results.koa = median(koaRuns);
results.plugin = median(pluginRuns);
results.rssAfterMb = rssMb(core.pid);
await stop(koa);
await stop(core);
if (!process.env.BENCH_KEEP) rmSync(join(root, 'bench', 'results'), { recursive: true, force: true });

const pct = (results.plugin.rps / results.koa.rps) * 100;
const line = (name, r) => `${name.padEnd(38)} ${r.rps.toFixed(0).padStart(8)} req/s   p99 ${r.p99ms.toFixed(2).padStart(7)} ms   non-2xx ${r.errors}`;
console.log(`\nwrk -t2 -c${connections} -d${duration}, median of ${rounds} alternating rounds, Node ${process.versions.node}, ${(await import('node:os')).cpus().length} cores`);
console.log(line('bare Koa hello-world', results.koa));
console.log(line('sysinfo /now through the core', results.plugin));
console.log(`plugin route / bare Koa                 ${pct.toFixed(0)}%   (aim >= 50%)`);
console.log(`cold start to /api/health/ready         ${results.coldStartMs} ms   (aim <= 2000 ms, embedded PostgreSQL initialised)`);
console.log(`RSS at ready / after load               ${results.rssReadyMb.toFixed(0)} MB / ${results.rssAfterMb.toFixed(0)} MB   (aim <= 150 MB)`);
