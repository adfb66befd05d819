// Runs every package's uvu suites (compiled to dist/test) and prints one "N passed, N failed" line.
// Each test file runs in its own uvu process, TEST_CONCURRENCY (default 3) at a time: suites share no
// state (a throwaway database, a Redis key prefix and temp folders each), and most of their time is
// spent waiting on servers, so a small pool cuts the wall time on two cores. A file's output is
// printed whole when it ends, so parallel suites don't interleave.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { existsSync, readdirSync } from 'node:fs';
import { installKuma } from './uptime-kuma.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const uvu = fileURLToPath(new URL('../node_modules/uvu/bin.js', import.meta.url));
const only = process.argv[2]; // optional file pattern, e.g. "routes"
const concurrency = Math.max(1, Number(process.env.TEST_CONCURRENCY ?? 3));
// Every workspace package that has compiled tests: sdk, core, plugins/* and examples/*, then docker (production files run for real).
const under = (dir) => (existsSync(`${root}/${dir}`) ? readdirSync(`${root}/${dir}`).sort().map((name) => `${dir}/${name}`) : []);
const packages = ['sdk', 'core', ...under('examples'), ...under('plugins'), 'docker'];

// The Uptime Kuma plugin's tests run the real Uptime Kuma, installed outside the workspace.
const env = { ...process.env };
if (!only || /kuma/.test(only)) env.UPTIME_KUMA_DIR ??= installKuma();

const pattern = new RegExp(only ? `(?:${only}).*\\.test\\.js$` : '\\.test\\.js$');
const files = packages.flatMap((dir) => {
  const tests = `${root}/${dir}/dist/test`;
  if (!existsSync(tests)) return [];
  return readdirSync(tests)
    .filter((f) => pattern.test(f))
    .sort()
    .map((file) => ({ dir, file }));
});

// Start the long suites (real browsers, packing and installing, real services) first so the pool ends together.
const slow = ({ file }) => (/outside-author|scale|browser|chromium|ui-|kuma|worker-loss|embedded|backup|database-/.test(file) ? 1 : 0);
files.sort((a, b) => slow(b) - slow(a));

let passed = 0;
let failed = 0;
let skipped = 0;
const broken = [];
const lingering = [];
const FILE_LIMIT_MS = Number(process.env.TEST_FILE_LIMIT_MS ?? 8 * 60_000);

function runFile({ dir, file }) {
  return new Promise((resolve) => {
    const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // Its own process group, so a suite that hangs, or leaves a server running, can be ended whole.
    const child = spawn(process.execPath, [uvu, 'dist/test', `^${escaped}$`], { cwd: `${root}/${dir}`, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    let grace;
    const end = (why) => {
      out += `\n[test runner] ${why}: ended it\n`;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    };
    const limit = setTimeout(() => end(`still running after ${FILE_LIMIT_MS / 60000} min`), FILE_LIMIT_MS);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      // uvu printed its totals: a process still alive 20 s later is held open by a leftover handle.
      if (!grace && /Total:/.test(out.replace(/\x1b\[[0-9;]*m/g, ''))) grace = setTimeout(() => end('its tests finished but the process did not exit within 20 s'), 20_000);
    });
    child.stderr.on('data', (chunk) => (out += chunk));
    child.on('close', (code) => {
      clearTimeout(limit);
      clearTimeout(grace);
      try {
        process.kill(-child.pid, 'SIGKILL'); // anything the suite started and left behind
      } catch {}
      process.stdout.write(`\n── ${dir}/${file}\n${out}`);
      const clean = out.replace(/\x1b\[[0-9;]*m/g, '');
      const total = Number(/Total:\s+(\d+)/.exec(clean)?.[1] ?? 0);
      const ok = Number(/Passed:\s+(\d+)/.exec(clean)?.[1] ?? 0);
      const skip = Number(/Skipped:\s+(\d+)/.exec(clean)?.[1] ?? 0);
      passed += ok;
      failed += total - ok - skip;
      skipped += skip;
      const lingered = /did not exit within 20 s/.test(clean);
      if (total - ok - skip > 0 || (code !== 0 && total === ok + skip && !lingered) || !/Total:/.test(clean)) broken.push(`${dir}/${file}`);
      if (lingered) lingering.push(`${dir}/${file}`);
      resolve();
    });
  });
}

const queue = [...files];
await Promise.all(
  Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
    while (queue.length) await runFile(queue.shift());
  }),
);

if (lingering.length) console.log(`\nPassed but left a handle open (ended after 20 s): ${lingering.join(', ')}`);
if (broken.length) console.log(`\nFailed or crashed: ${broken.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || broken.length > 0 || files.length === 0 ? 1 : 0);
