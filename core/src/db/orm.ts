import { MikroORM, type EntitySchema } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { PluginMigration } from '@medianest/sdk';
import type { Logger } from 'pino';
import { coreEntities, coreMigrations } from './core-schema.js';

/** Entities and migrations of every installed plugin, discovered once at start. */
export interface PluginSchema {
  pluginId: string;
  entities: EntitySchema<any, any>[];
  migrations: PluginMigration[];
}

/** Migration names are namespaced `<plugin>_<name>`; within a plugin they run in name order. */
export function migrationList(plugins: PluginSchema[]) {
  const list = [...coreMigrations];
  for (const plugin of plugins) {
    const own = [...plugin.migrations].sort((a, b) => a.name.localeCompare(b.name));
    for (const m of own) list.push({ name: `${plugin.pluginId}_${m.name}`, class: m.class as any });
  }
  return list;
}

export async function openOrm(url: string, plugins: PluginSchema[], log: Logger): Promise<MikroORM> {
  const orm = await MikroORM.init({
    clientUrl: url,
    entities: [...coreEntities, ...plugins.flatMap((p) => p.entities)],
    extensions: [Migrator],
    discovery: { warnWhenNoEntities: false },
    migrations: { tableName: 'core_migrations', migrationsList: migrationList(plugins), transactional: true, snapshot: false },
    pool: { min: 0, max: 10 },
    debug: false,
    logger: (message: string) => log.debug({ component: 'mikro-orm' }, message),
  });
  return orm;
}

/** Applies pending migrations of the core and of all installed plugins; returns their names. */
export async function migrate(orm: MikroORM, log: Logger): Promise<string[]> {
  const done = await orm.migrator.up();
  const names = done.map((m) => m.name);
  if (names.length) log.info({ migrations: names }, 'applied database migrations');
  return names;
}
