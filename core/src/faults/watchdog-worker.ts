// The watchdog's thread: notices when the main thread stops beating, asks the inspector where it
// is stuck, records the plugin to blame where the next start finds it, and ends the process.
import { workerData, parentPort } from 'node:worker_threads';
import { Session } from 'node:inspector';
import { writeFileSync, readFileSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

interface Data {
  beat: SharedArrayBuffer;
  label: SharedArrayBuffer;
  blockedMs: number;
  recordFile: string;
}
const { beat, label, blockedMs, recordFile } = workerData as Data;
const beats = new BigInt64Array(beat);
const labelBytes = new Uint8Array(label);
let plugins: Array<{ id: string; url: string }> = [];
parentPort!.on('message', (m: { plugins?: Record<string, string> }) => {
  if (m.plugins) plugins = Object.entries(m.plugins).map(([id, dir]) => ({ id, url: pathToFileURL(dir).href + '/' }));
});

const timer = setInterval(() => {
  const blocked = Date.now() - Number(Atomics.load(beats, 0));
  if (blocked < blockedMs) return;
  clearInterval(timer);
  setInterval(() => {}, 1000); // keeps this thread alive while the inspector answers
  blame(blocked);
}, 250);

function lastEntered(): { pluginId: string; where: string } | undefined {
  const end = labelBytes.indexOf(0);
  const text = new TextDecoder().decode(labelBytes.subarray(0, end < 0 ? labelBytes.length : end));
  const tab = text.indexOf('\t');
  return tab > 0 ? { pluginId: text.slice(0, tab), where: text.slice(tab + 1) } : undefined;
}

function blame(blocked: number): void {
  const session = new Session();
  session.connectToMainThread();
  const scripts = new Map<string, string>();
  session.on('Debugger.scriptParsed', (m) => { scripts.set(m.params.scriptId, m.params.url); });
  const giveUp = setTimeout(() => finish(blocked, []), 3000);
  session.on('Debugger.paused', (m) => {
    clearTimeout(giveUp);
    finish(blocked, m.params.callFrames.map((f) => ({ url: scripts.get(f.location.scriptId) ?? '', fn: f.functionName, line: f.location.lineNumber + 1 })));
  });
  session.post('Debugger.enable', () => session.post('Debugger.pause'));
}

function finish(blocked: number, frames: Array<{ url: string; fn: string; line: number }>): void {
  const inPlugin = frames.map((f) => plugins.find((p) => f.url.startsWith(p.url))).find(Boolean);
  const entered = lastEntered();
  // The stack names the plugin; the last entered scope (when it is that plugin's) names the route.
  const pluginId = inPlugin?.id ?? (frames.length === 0 ? entered?.pluginId : undefined);
  const where = pluginId && entered?.pluginId === pluginId ? entered.where : undefined;
  const at = new Date();
  const hhmm = `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
  const seconds = Math.round(blocked / 1000);
  const msg = pluginId
    ? `plugin ${pluginId} froze the portal for ${seconds} s${where ? ` in ${where}` : ''}; exiting so it can be restarted without it`
    : `the portal's event loop was blocked for ${seconds} s (not in a plugin); exiting so it can be restarted`;
  if (pluginId) {
    let record: Record<string, unknown> = {};
    try {
      record = JSON.parse(readFileSync(recordFile, 'utf8'));
    } catch {}
    record[pluginId] = { at: at.toISOString(), reason: `It froze the portal at ${hhmm}${where ? ` in ${where}` : ''}: a synchronous endless loop or a very long computation. Enable it again once it is fixed` };
    try {
      writeFileSync(recordFile, JSON.stringify(record, null, 2) + '\n');
    } catch {}
  }
  const line = { level: 60, time: at.getTime(), pid: process.pid, plugin: pluginId, where, blockedMs: blocked, stack: frames.slice(0, 8).map((f) => `${f.fn || '(anonymous)'} ${f.url}:${f.line}`), msg };
  writeSync(1, JSON.stringify(line) + '\n');
  // SIGTERM would wait for the stuck main thread; this cannot be caught.
  process.kill(process.pid, 'SIGKILL');
}
