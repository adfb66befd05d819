import { open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { parsePluginsFile, readPluginsFile, type PluginsFile } from './plugins-file.js';

/** Another process held plugins.json's lock for longer than we wait: the save is refused (a 409), not lost. */
export class PluginsFileBusy extends Error {
  constructor(path: string) {
    super(`Another change to ${path} is being saved right now; try again in a moment`);
  }
}

const WAIT_FOR_LOCK_MS = 5000;
/** A lock older than this was left by a process that died mid-save. */
const STALE_LOCK_MS = 15_000;
/** Saves from this process, one at a time per file, so none reads the file while another writes it. */
const queues = new Map<string, Promise<unknown>>();

/**
 * Applies `change` to plugins.json and writes it atomically (temp file + rename), keeping key order
 * and unknown keys. Saves are serialised: in this process by a queue, across processes by a lock
 * file (`plugins.json.lock`), so concurrent saves each apply to the latest content and none is lost.
 */
export function updatePluginsFile(path: string, change: (file: Record<string, any>) => void): Promise<void> {
  const previous = queues.get(path) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(() => withLock(path, () => rewrite(path, change)));
  queues.set(path, next);
  void next.finally(() => {
    if (queues.get(path) === next) queues.delete(path);
  }).catch(() => {});
  return next;
}

/** Reads plugins.json in turn with this process's saves, so a caller applying what it read after
 *  its save never applies an older file than a caller who saved before it. */
export function readPluginsFileInTurn(path: string): Promise<PluginsFile> {
  const previous = queues.get(path) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(() => readPluginsFile(path));
  queues.set(path, next);
  void next.finally(() => {
    if (queues.get(path) === next) queues.delete(path);
  }).catch(() => {});
  return next;
}

async function rewrite(path: string, change: (file: Record<string, any>) => void): Promise<void> {
  const text = await readFile(path, 'utf8').catch((err) => {
    if (err.code === 'ENOENT') return '{ "plugins": {} }';
    throw err;
  });
  parsePluginsFile(text, path);
  const data = JSON.parse(text) as Record<string, any>;
  change(data);
  const out = JSON.stringify(data, null, 2) + '\n';
  parsePluginsFile(out, path);
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, out);
    await rename(tmp, path);
  } finally {
    await rm(tmp, { force: true });
  }
}

async function withLock<T>(path: string, fn: () => Promise<T>): Promise<T> {
  const lock = `${path}.lock`;
  const until = Date.now() + WAIT_FOR_LOCK_MS;
  for (;;) {
    try {
      const handle = await open(lock, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > STALE_LOCK_MS) {
        await rm(lock, { force: true });
        continue;
      }
      if (Date.now() > until) throw new PluginsFileBusy(path);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { force: true });
  }
}

/** Turns a plugin on or off in plugins.json; throws when the id is not listed. */
export async function setPluginEnabled(path: string, id: string, enabled: boolean): Promise<void> {
  await updatePluginsFile(path, (data) => {
    const entry = data.plugins?.[id];
    if (!entry) throw new Error(`No plugin "${id}" in ${path}; known: ${Object.keys(data.plugins ?? {}).join(', ') || 'none'}`);
    entry.enabled = enabled;
  });
}
