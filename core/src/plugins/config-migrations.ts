import type { PluginDefinition } from '@medianest/sdk';
import type { PluginEntry } from './plugins-file.js';

/** Settings upgraded to the plugin's current version, or null when they are current already. */
export interface UpgradedConfig {
  config: Record<string, unknown>;
  from: number;
  to: number;
}

/**
 * Runs a plugin's `migrateConfig` steps over settings written by an older version of it (Home
 * Assistant's config-entry migrations, one version at a time). Throws a message for the admin when
 * the settings are newer than the plugin or a step fails; the caller keeps plugins.json unchanged then.
 */
export function upgradeConfig(entry: PluginEntry, definition: PluginDefinition): UpgradedConfig | null {
  const from = entry.configVersion ?? 1;
  const to = definition.configVersion ?? 1;
  if (from === to) return null;
  if (from > to) {
    throw new Error(`Its settings were written by a newer version of it (settings version ${from}; this one reads up to ${to}): install the newer version again, or restore the settings from a backup`);
  }
  let config = structuredClone(entry.config ?? {});
  for (let v = from + 1; v <= to; v++) {
    try {
      const next = definition.migrateConfig![v]!(config);
      if (!next || typeof next !== 'object' || Array.isArray(next)) throw new Error('the step returned no settings object');
      config = next;
    } catch (err) {
      throw new Error(`Its settings could not be upgraded from version ${v - 1} to ${v}: ${(err as Error).message}. plugins.json was left as it was`);
    }
  }
  return { config, from, to };
}
