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

// 1. Bare Koa.
{
  const port = 3901;
  const child = start(['bench/bare-koa.js'], { PORT: String(port) });
  await waitFor(`http://127.0.0.1:${port}/`);
  wrk(`http://127.0.0.1:${port}/`); // warm-up run is discarded
  results.koa = wrk(`http://127.0.0.1:${port}/`);
  await stop(child);
}

// 2. The core with the example plugin, embedded PostgreSQL already initialised.
{
  const port = 3902;
  const dir = join(root, 'bench', 'results', 'data');
  mkdirSync(dir, { recursive: true });
  const pluginsFile = join(root, 'bench', 'results', 'plugins.json');
  writeFileSync(pluginsFile, JSON.stringify({ plugins: { sysinfo: { enabled: true, package: 'medianest-plugin-sysinfo', config: { interval: '5s' } } } }));
  const env = { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dir, PLUGINS_FILE: pluginsFile, LOG_LEVEL: 'warn', REDIS_PREFIX: 'mnbench:', DATABASE_URL: '' };
  const first = start(['core/dist/cli/main.js', 'start'], env); // initialises the embedded database
  await waitFor(`http://127.0.0.1:${port}/api/health/ready`, 60_000);
  await stop(first);

  const t0 = performance.now();
  const child = start(['core/dist/cli/main.js', 'start'], env);
  await waitFor(`http://127.0.0.1:${port}/api/health/ready`);
  results.coldStartMs = Math.round(performance.now() - t0);
  results.rssReadyMb = rssMb(child.pid);

  const url = `http://127.0.0.1:${port}/api/plugins/sysinfo/now`;
  wrk(url);
  results.plugin = wrk(url);
  results.rssAfterMb = rssMb(child.pid);
  await stop(child);
  if (!process.env.BENCH_KEEP) rmSync(join(root, 'bench', 'results'), { recursive: true, force: true });
}

const pct = (results.plugin.rps / results.koa.rps) * 100;
const line = (name, r) => `${name.padEnd(38)} ${r.rps.toFixed(0).padStart(8)} req/s   p99 ${r.p99ms.toFixed(2).padStart(7)} ms   non-2xx ${r.errors}`;
console.log(`\nwrk -t2 -c${connections} -d${duration}, ${process.versions.node}, ${(await import('node:os')).cpus().length} cores`);
console.log(line('bare Koa hello-world', results.koa));
console.log(line('sysinfo /now through the core', results.plugin));
console.log(`plugin route / bare Koa                 ${pct.toFixed(0)}%   (aim >= 50%)`);
console.log(`cold start to /api/health/ready         ${results.coldStartMs} ms   (aim <= 2000 ms, embedded PostgreSQL initialised)`);
console.log(`RSS at ready / after load               ${results.rssReadyMb.toFixed(0)} MB / ${results.rssAfterMb.toFixed(0)} MB   (aim <= 150 MB)`);
