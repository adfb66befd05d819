import { readFile, rename, writeFile } from 'node:fs/promises';
import { parsePluginsFile } from './plugins-file.js';

/** Applies `change` to plugins.json and writes it atomically (temp file + rename), keeping key order and unknown keys. */
export async function updatePluginsFile(path: string, change: (file: Record<string, any>) => void): Promise<void> {
  const text = await readFile(path, 'utf8').catch((err) => {
    if (err.code === 'ENOENT') return '{ "plugins": {} }';
    throw err;
  });
  parsePluginsFile(text, path);
  const data = JSON.parse(text) as Record<string, any>;
  change(data);
  const out = JSON.stringify(data, null, 2) + '\n';
  parsePluginsFile(out, path);
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, out);
  await rename(tmp, path);
}

/** Turns a plugin on or off in plugins.json; throws when the id is not listed. */
export async function setPluginEnabled(path: string, id: string, enabled: boolean): Promise<void> {
  await updatePluginsFile(path, (data) => {
    const entry = data.plugins?.[id];
    if (!entry) throw new Error(`No plugin "${id}" in ${path}; known: ${Object.keys(data.plugins ?? {}).join(', ') || 'none'}`);
    entry.enabled = enabled;
  });
}
