import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Logger } from 'pino';
import { readPluginsFile, type PluginsFile } from './plugins-file.js';

/**
 * Watches plugins.json (through its folder, so editors' and our own atomic renames are seen) and hands each
 * valid version to `apply`; an invalid one is logged and ignored, keeping the last good state.
 */
export function watchPluginsFile(path: string, log: Logger, apply: (file: PluginsFile) => Promise<void>): () => void {
  let timer: NodeJS.Timeout | undefined;
  let last = '';
  const reload = async () => {
    let file: PluginsFile;
    try {
      file = await readPluginsFile(path);
    } catch (err) {
      log.error({ file: path, reason: (err as Error).message }, 'plugins.json rejected; keeping the plugins as they were');
      return;
    }
    const text = JSON.stringify(file);
    if (text === last) return;
    last = text;
    log.info({ file: path }, 'plugins.json changed; applying');
    await apply(file).catch((err) => log.error({ err }, 'applying plugins.json failed'));
  };
  const name = basename(path);
  let watcher: FSWatcher;
  try {
    watcher = watch(dirname(path), (_event, changed) => {
      if (changed && changed !== name) return;
      clearTimeout(timer);
      timer = setTimeout(reload, 150);
    });
  } catch (err) {
    log.warn({ err, file: path }, 'cannot watch plugins.json; changes need a restart');
    return () => {};
  }
  void readPluginsFile(path).then((f) => { last = JSON.stringify(f); }, () => {});
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}
