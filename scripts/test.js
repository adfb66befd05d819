// Runs every package's uvu suites (compiled to dist/test) and prints one "N passed, N failed" line.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { existsSync, readdirSync } from 'node:fs';
import { installKuma } from './uptime-kuma.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const uvu = fileURLToPath(new URL('../node_modules/uvu/bin.js', import.meta.url));
const only = process.argv[2]; // optional file pattern, e.g. "routes"
// Every workspace package that has compiled tests: sdk, core, plugins/* and examples/*, then docker (production files run for real).
const under = (dir) => (existsSync(`${root}/${dir}`) ? readdirSync(`${root}/${dir}`).sort().map((name) => `${dir}/${name}`) : []);
const packages = ['sdk', 'core', ...under('examples'), ...under('plugins'), 'docker'];

// The Uptime Kuma plugin's tests run the real Uptime Kuma, installed outside the workspace.
const env = { ...process.env };
if (!only || /kuma/.test(only)) env.UPTIME_KUMA_DIR ??= installKuma();

let passed = 0;
let failed = 0;
let skipped = 0;
let crashed = false;

for (const dir of packages) {
  if (!existsSync(`${root}/${dir}/dist/test`)) continue;
  const pattern = only ? `${only}.*\\.test\\.js$` : '\\.test\\.js$';
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, [uvu, 'dist/test', pattern], { cwd: `${root}/${dir}`, env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', (c) => {
      const clean = out.replace(/\x1b\[[0-9;]*m/g, '');
      const total = Number(/Total:\s+(\d+)/.exec(clean)?.[1] ?? 0);
      const ok = Number(/Passed:\s+(\d+)/.exec(clean)?.[1] ?? 0);
      const skip = Number(/Skipped:\s+(\d+)/.exec(clean)?.[1] ?? 0);
      if (/No test files found|Total:/.test(clean) === false && c !== 0) crashed = true;
      passed += ok;
      failed += total - ok - skip;
      skipped += skip;
      resolve(c);
    });
  });
  if (code !== 0 && failed === 0) crashed = true;
}

console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || crashed ? 1 : 0);
