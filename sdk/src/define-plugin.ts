import type { Http, Logger, PluginContext } from './context.js';
import type { JSONSchema } from './schema.js';
import type { EntitySchema } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';

/** A migration class of a plugin, with a stable name (e.g. `0001_create_samples`). */
export interface PluginMigration {
  /** Unique within the plugin; migrations run in name order. */
  name: string;
  /** A class extending `Migration` from `@medianest/sdk/orm`. */
  class: new (...args: any[]) => Migration;
}

/** What `testSettings` gets besides the candidate settings. */
export interface SettingsTestTools {
  /** Outgoing HTTP with timeouts, bounded by `signal`. */
  http: Http;
  /** A logger tagged with the plugin id. */
  log: Logger;
  /** Aborts when the test runs out of time (30 s) or the admin leaves. */
  signal: AbortSignal;
}

/** The answer of a settings test, shown to the admin beside the "Test connection" button. */
export interface SettingsTestResult {
  /** True when the settings work. */
  ok: boolean;
  /** Plain words for the admin, e.g. "Reached Uptime Kuma 2.0 and 2 status pages". */
  message: string;
  /** More for the admin when it failed, e.g. "host name not found: uptime.invalid". */
  detail?: string;
}
/**
 * One step of a settings upgrade: gets the settings as plugins.json holds them (secrets still as
 * `{"$env"}`/`{"$file"}`/`{"$enc"}` references: move them, don't read them) and returns the next version's.
 */
export type ConfigMigration = (config: Record<string, unknown>) => Record<string, unknown>;

/** What a plugin's entry module exports as default. */
export interface PluginDefinition<C = any> {
  /** Must equal `medianest.id` in package.json: lowercase letters, digits and dashes. */
  id: string;
  /** JSON Schema of the plugin's config; plugins.json is validated against it before `register`. */
  configSchema?: JSONSchema;
  /** MikroORM entities (tables `<id>_...`), discovered at start whether enabled or not. */
  entities?: EntitySchema<any, any>[];
  /** Migrations that create and change the plugin's tables. */
  migrations?: PluginMigration[];
  /** Tries candidate settings before they are saved (the "Test connection" button): validated, defaults applied, secrets resolved. A throw counts as a failed test with its message as detail. */
  testSettings?(config: C, tools: SettingsTestTools): SettingsTestResult | Promise<SettingsTestResult>;
  /** Version of the settings' shape (default 1); raise it when a release renames or reshapes settings. */
  configVersion?: number;
  /** Upgrades settings one version at a time, keyed by the version each step produces: `{ 2: (v1) => v2 }`. */
  migrateConfig?: Record<number, ConfigMigration>;
  /** Registers routes, jobs, checks and UI; must finish within 10 s. */
  register(ctx: PluginContext<C>): void | Promise<void>;
}

/** A plugin id: lowercase letters, digits and dashes, starting with a letter. */
export const PLUGIN_ID = /^[a-z][a-z0-9-]{1,39}$/;

/** Declares a plugin; checks the id and freezes the definition. */
export function definePlugin<C = any>(definition: PluginDefinition<C>): PluginDefinition<C> {
  if (!PLUGIN_ID.test(definition.id)) {
    throw new TypeError(`Invalid plugin id "${definition.id}": use lowercase letters, digits and dashes`);
  }
  if (typeof definition.register !== 'function') {
    throw new TypeError(`Plugin "${definition.id}" has no register(ctx) function`);
  }
  if (definition.testSettings !== undefined && typeof definition.testSettings !== 'function') {
    throw new TypeError(`Plugin "${definition.id}": testSettings must be a function`);
  }
  const version = definition.configVersion ?? 1;
  if (!Number.isInteger(version) || version < 1) {
    throw new TypeError(`Plugin "${definition.id}" has configVersion ${version}: use a whole number from 1`);
  }
  for (let v = 2; v <= version; v++) {
    if (typeof definition.migrateConfig?.[v] !== 'function') {
      throw new TypeError(`Plugin "${definition.id}" has configVersion ${version} but no migrateConfig[${v}] to upgrade settings from version ${v - 1}`);
    }
  }
  return Object.freeze({ ...definition });
}
