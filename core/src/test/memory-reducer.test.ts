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

test.run();
