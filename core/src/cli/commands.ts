import { dirname } from 'node:path';
import { loadConfig } from '../config.js';
import { createLogger } from '../log.js';
import { startCore, type Core } from '../core.js';
import { readPluginsFile } from '../plugins/plugins-file.js';
import { setPluginEnabled } from '../plugins/plugins-file-writer.js';
import { loadPlugin } from '../plugins/plugin-loader.js';
import { resolvePluginConfig } from '../plugins/plugin-config.js';
import { SecretBox } from '../auth/secret-box.js';
import { EmbeddedDatabase } from '../db/embedded-postgres.js';
import { migrate, openOrm } from '../db/orm.js';
import { doctor } from './doctor.js';
import { backupCommand } from './backup.js';
import { restoreCommand } from './restore.js';
import { newPlugin } from './new-plugin.js';

const USAGE = `Usage: medianest <command>

  start                 run the portal (role from MEDIANEST_ROLE, default all: web + worker)
  worker                run job processors only
  migrate               apply database migrations of the core and every listed plugin, then exit
  plugins list          the plugins in plugins.json, their versions and whether they can load
  plugins enable <id>   enable a plugin (running processes apply it without a restart)
  plugins disable <id>  disable a plugin
  plugins new <id> [folder]  write a new plugin (route, repeating job, widget, health check, test) to start from
  backup [--out <folder>] [--include-key]
                        write the database, plugins.json and a list of downloads to one file
                        (the encryption key only with --include-key)
  restore <file>        bring a backup back into an empty install
  doctor                check Node, Redis, the database, plugins.json and the UI build, and print fixes
`;

/** Runs a CLI command; resolves to the exit code (undefined: keep running). */
export async function runCommand(args: string[]): Promise<number | undefined> {
  const [command, sub, arg, extra] = args;
  switch (command) {
    case 'start':
      return serve(undefined);
    case 'worker':
      return serve('worker');
    case 'migrate':
      return migrateCommand();
    case 'plugins':
      if (sub === 'list') return listPlugins();
      if (sub === 'new') return newPlugin(arg, extra);
      if ((sub === 'enable' || sub === 'disable') && arg) {
        const { pluginsFile } = loadConfig();
        await setPluginEnabled(pluginsFile, arg, sub === 'enable');
        console.log(`${sub === 'enable' ? 'Enabled' : 'Disabled'} "${arg}" in ${pluginsFile}; running MediaNest processes apply it within a second.`);
        return 0;
      }
      console.error(USAGE);
      return 2;
    case 'backup':
      return backupCommand(args.slice(1));
    case 'restore':
      return restoreCommand(args.slice(1));
    case 'doctor':
      return doctor();
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return command ? 0 : 2;
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

async function serve(role: 'worker' | undefined): Promise<undefined> {
  let core: Core;
  try {
    core = await startCore(role ? { role } : {});
  } catch (err) {
    console.error(`MediaNest could not start: ${(err as Error).message}`);
    process.exit(1);
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    core.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 25_000);
    force.unref();
    // A web process finishes what it has and takes no more first, so a restart loses no request.
    await core.drain(Number(process.env.SHUTDOWN_DRAIN_MS ?? 10_000));
    await core.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  return undefined;
}

async function migrateCommand(): Promise<number> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const file = await readPluginsFile(config.pluginsFile);
  const dir = dirname(config.pluginsFile);
  const schemas = [];
  for (const [id, entry] of Object.entries(file.plugins)) {
    const record = await loadPlugin(id, entry, dir, log);
    if (record.definition) schemas.push({ pluginId: id, entities: record.definition.entities ?? [], migrations: record.definition.migrations ?? [] });
  }
  const embedded = config.databaseUrl ? undefined : await EmbeddedDatabase.start(config.dataDir, log);
  try {
    const orm = await openOrm(config.databaseUrl ?? embedded!.url, schemas, log);
    const applied = await migrate(orm, log);
    await orm.close();
    console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'The database is up to date.');
    return 0;
  } finally {
    await embedded?.stop();
  }
}

async function listPlugins(): Promise<number> {
  const config = loadConfig();
  const log = createLogger('silent');
  const file = await readPluginsFile(config.pluginsFile);
  const dir = dirname(config.pluginsFile);
  const box = await SecretBox.existing(config.dataDir);
  const rows = [['ID', 'ENABLED', 'VERSION', 'PACKAGE', 'STATUS']];
  for (const [id, entry] of Object.entries(file.plugins)) {
    const record = await loadPlugin(id, entry, dir, log);
    let status = record.loadError ?? 'loads';
    if (!record.loadError && record.definition) {
      try {
        resolvePluginConfig(entry.config, record.definition.configSchema, dir, process.env, box && ((v: string) => box.decrypt(v)));
        status = 'ok';
      } catch (err) {
        status = (err as Error).message;
      }
    }
    rows.push([id, entry.enabled ? 'yes' : 'no', record.pkg?.version ?? '-', record.pkg?.name ?? entry.path ?? entry.package ?? '-', status]);
  }
  if (rows.length === 1) console.log(`No plugins in ${config.pluginsFile}.`);
  else console.log(table(rows));
  return 0;
}

export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n');
}
