import { Worker } from 'node:worker_threads';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { onEnter, type PluginScope } from './plugin-scope.js';

/** Where the watchdog records a plugin that froze the portal; read at the next start. */
export function freezeRecordFile(dataDir: string): string {
  return join(dataDir, 'frozen-plugins.json');
}

/** Plugins that froze the portal in an earlier run, with the reason shown to the admin. */
export async function readFrozen(dataDir: string): Promise<Map<string, string>> {
  try {
    const record = JSON.parse(await readFile(freezeRecordFile(dataDir), 'utf8')) as Record<string, { reason: string }>;
    return new Map(Object.entries(record).map(([id, r]) => [id, r.reason]));
  } catch {
    return new Map();
  }
}

/** Forgets a frozen plugin (the admin enabled it again, or its entry changed). */
export async function forgetFrozen(dataDir: string, pluginId: string): Promise<void> {
  const file = freezeRecordFile(dataDir);
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return;
  }
  if (!(pluginId in record)) return;
  delete record[pluginId];
  await writeFile(file, JSON.stringify(record, null, 2) + '\n');
}

/**
 * A worker thread that ends the process when the main thread stops beating for `blockedMs`
 * (a synchronous endless loop: nothing else, SIGTERM included, would ever run again). Before it
 * does, it asks the inspector for the stuck stack, blames the plugin whose file is on it, and
 * records it so the next start keeps that plugin off. Costs a 250 ms timer and, per call into
 * plugin code, a label copied into shared memory.
 */
export class Watchdog {
  private readonly beat = new BigInt64Array(new SharedArrayBuffer(8));
  private readonly label = new Uint8Array(new SharedArrayBuffer(256));
  private readonly encoder = new TextEncoder();
  private readonly worker: Worker;
  private readonly timer: NodeJS.Timeout;

  constructor(dataDir: string, blockedMs: number) {
    Atomics.store(this.beat, 0, BigInt(Date.now()));
    this.timer = setInterval(() => Atomics.store(this.beat, 0, BigInt(Date.now())), 250);
    this.timer.unref();
    this.worker = new Worker(new URL('./watchdog-worker.js', import.meta.url), {
      workerData: { beat: this.beat.buffer, label: this.label.buffer, blockedMs, recordFile: freezeRecordFile(dataDir) },
    });
    this.worker.unref();
    // A scope is made once per route, job or check and entered on every call: encode its label once.
    const labels = new WeakMap<PluginScope, Uint8Array>();
    onEnter((scope) => {
      let bytes = labels.get(scope);
      if (!bytes) {
        const buffer = new Uint8Array(256);
        const { written } = this.encoder.encodeInto(`${scope.pluginId}\t${scope.where}`, buffer.subarray(0, 255));
        bytes = buffer.subarray(0, written + 1); // with its terminating 0
        labels.set(scope, bytes);
      }
      this.label.set(bytes);
    });
  }

  /** Which folder holds which plugin's code, to read the stuck stack. */
  plugins(dirs: Record<string, string>): void {
    this.worker.postMessage({ plugins: dirs });
  }

  async stop(): Promise<void> {
    onEnter(undefined);
    clearInterval(this.timer);
    await this.worker.terminate();
  }
}
