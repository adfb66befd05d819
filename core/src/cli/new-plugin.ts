import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { PLUGIN_ID } from '@medianest/sdk';
import { pluginTemplate } from './plugin-template.js';

const require = createRequire(import.meta.url);

/** `medianest plugins new <id> [folder]`: writes a plugin that builds and passes its test as it is. */
export async function newPlugin(id: string | undefined, folder: string | undefined, cwd = process.cwd()): Promise<number> {
  if (!id || !PLUGIN_ID.test(id) || id.endsWith('-')) {
    console.error('Give the new plugin an id of 2 to 40 lowercase letters, digits and dashes, starting with a letter: medianest plugins new my-plugin');
    return 2;
  }
  const dir = resolve(cwd, folder ?? `medianest-plugin-${id}`);
  const existing = await readdir(dir).catch(() => undefined);
  if (existing && existing.length > 0) {
    console.error(`${dir} already exists and is not empty; choose another folder: medianest plugins new ${id} <folder>`);
    return 2;
  }
  const files = pluginTemplate({
    id,
    displayName: id.split('-').map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' '),
    sdkVersion: (require('@medianest/sdk/package.json') as { version: string }).version,
    coreVersion: (require('../../package.json') as { version: string }).version,
  });
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  console.log(`Wrote the plugin "${id}" to ${dir}.

Next:
  cd ${dir}
  npm install
  npm test          # boots a real MediaNest core with your plugin (PostgreSQL and Redis must be running)

Then add it to a portal's plugins.json: { "${id}": { "enabled": true, "path": "${dir}" } }`);
  return 0;
}
