import { pathToFileURL } from 'node:url';
import semver from 'semver';
import type { Logger } from 'pino';
import { SDK_VERSION, type PluginDefinition } from '@medianest/sdk';
import { locatePlugin, readPluginPackage, PluginLoadError } from './manifest.js';
import type { PluginEntry } from './plugins-file.js';
import type { PluginRecord } from './plugin-host.js';

/** Finds a plugin, checks its manifest and SDK range before importing its code, then imports it. Never throws. */
export async function loadPlugin(id: string, entry: PluginEntry, pluginsFileDir: string, log: Logger): Promise<PluginRecord> {
  const record: PluginRecord = { id, entry, state: 'disabled', reason: null };
  try {
    const dir = await locatePlugin(id, entry, pluginsFileDir);
    const pkg = await readPluginPackage(id, dir);
    record.pkg = pkg;
    if (!semver.validRange(pkg.sdkRange)) throw new PluginLoadError(`engines.medianest "${pkg.sdkRange}" is not a semver range`);
    if (!semver.satisfies(SDK_VERSION, pkg.sdkRange, { includePrerelease: true })) {
      throw new PluginLoadError(`It needs MediaNest SDK ${pkg.sdkRange}, but this MediaNest runs SDK ${SDK_VERSION}: update the plugin or MediaNest`);
    }
    let mod: any;
    try {
      mod = await import(pathToFileURL(pkg.entryFile).href);
    } catch (err) {
      throw new PluginLoadError(`Its code failed to load from ${pkg.entryFile}: ${(err as Error).message}`);
    }
    const def = (mod.default ?? mod.plugin) as PluginDefinition | undefined;
    if (!def || typeof def.register !== 'function') throw new PluginLoadError('Its entry module does not export definePlugin({...}) as default');
    if (def.id !== id) throw new PluginLoadError(`Its code declares id "${def.id}" but its package.json says "${id}"`);
    record.definition = def;
  } catch (err) {
    record.loadError = err instanceof PluginLoadError ? err.message : `Could not load: ${(err as Error).message}`;
    log.error({ plugin: id, reason: record.loadError }, 'plugin cannot be loaded');
  }
  return record;
}
