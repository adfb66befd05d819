import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

// After a burst of work, V8 must shrink the heap again once the process is idle. On Node 24 that
// happens only with keepMemoryReducerAwake() running (without it the heap stays at its peak): a real
// Node process with the portal's V8 flags allocates over 100 MB, drops it, then idles.
const MODULE = new URL('../memory-reducer.js', import.meta.url).href;
const CHILD = `
import { keepMemoryReducerAwake } from ${JSON.stringify(MODULE)};
keepMemoryReducerAwake();
const report = (phase) => console.log(JSON.stringify({ phase, heapTotal: process.memoryUsage().heapTotal }));
let kept = [];
for (let n = 0; n < 200; n++) {
  kept.push(Array.from({ length: 20000 }, (_, i) => ({ i, s: 'x' + i })));
  if (kept.length > 60) kept.shift();
}
report('peak');
kept = [];
setInterval(() => report('idle'), 1000);
`;

const test = suite('the heap shrinks again when the portal goes idle');

test('a burst of 100+ MB is handed back within a minute of idling', async () => {
  const child = spawn(process.execPath, ['--max-semi-space-size=4', '--min-semi-space-size=4', '--max-old-space-size=512', '--input-type=module', '-e', CHILD], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    let peak = 0;
    let low = Infinity;
    const started = Date.now();
    for await (const line of createInterface({ input: child.stdout! })) {
      const { phase, heapTotal } = JSON.parse(line) as { phase: string; heapTotal: number };
      if (phase === 'peak') peak = heapTotal;
      else low = Math.min(low, heapTotal);
      if (peak && low < peak / 4) break;
      if (Date.now() - started > 60_000) break;
    }
    assert.ok(peak > 80 * 2 ** 20, `the burst should grow the heap past 80 MB (it reached ${Math.round(peak / 2 ** 20)} MB)`);
    assert.ok(low < peak / 4, `the heap stayed at ${Math.round(low / 2 ** 20)} MB of its ${Math.round(peak / 2 ** 20)} MB peak after a minute idle`);
  } finally {
    child.kill('SIGKILL');
  }
});

// A second, smaller burst is handed back too (once V8's own reducer has run, it runs again only after
// the old generation grew by 10 % and 10 MB; the portal's idle collection covers what is below that),
// and taking V8's gc() for that leaves no global gc() for plugin code.
const SMALL_BURST_CHILD = `
import { keepMemoryReducerAwake } from ${JSON.stringify(MODULE)};
keepMemoryReducerAwake(2000);
const heap = () => process.memoryUsage().heapTotal;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let kept = [];
for (let n = 0; n < 200; n++) {
  kept.push(Array.from({ length: 20000 }, (_, i) => ({ i, s: 'x' + i })));
  if (kept.length > 60) kept.shift();
}
const peak = heap();
kept = [];
for (let t = 0; t < 45 && heap() > peak / 4; t++) await sleep(1000);
const settled = heap();
for (let n = 0; n < 40; n++) {
  kept.push(Array.from({ length: 20000 }, (_, i) => ({ i, s: 'y' + i })));
  if (kept.length > 5) kept.shift();
  await sleep(50);
}
const burst = heap();
kept = [];
let low = burst;
for (let t = 0; t < 25 && low > burst * 0.8; t++) {
  await sleep(1000);
  low = Math.min(low, heap());
}
console.log(JSON.stringify({ peak, settled, burst, low, gcGlobal: typeof globalThis.gc }));
`;

test('a second, smaller burst is handed back too, and no global gc() is left for plugins', async () => {
  const child = spawn(process.execPath, ['--max-semi-space-size=4', '--min-semi-space-size=4', '--max-old-space-size=512', '--input-type=module', '-e', SMALL_BURST_CHILD], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    let out = '';
    for await (const chunk of child.stdout!) out += chunk;
    const { settled, burst, low, gcGlobal } = JSON.parse(out) as Record<string, number | string>;
    const mb = (n: unknown) => Math.round(Number(n) / 2 ** 20);
    assert.ok(Number(burst) > Number(settled) + 8 * 2 ** 20, `the second burst should grow the heap by 8 MB or more (${mb(settled)} -> ${mb(burst)} MB)`);
    assert.ok(Number(low) <= Number(burst) * 0.8, `the heap stayed at ${mb(low)} MB of the second burst's ${mb(burst)} MB after 25 s idle`);
    assert.is(gcGlobal, 'undefined');
  } finally {
    child.kill('SIGKILL');
  }
});

test.run();
