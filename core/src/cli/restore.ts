import { copyFile, mkdir, writeFile, rename, access } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { loadConfig, readEnv } from '../config.js';
import { createLogger } from '../log.js';
import { SecretBox } from '../auth/secret-box.js';
import { openCommandDatabase } from '../db/database-connection.js';
import { migrate, openOrm } from '../db/orm.js';
import { readPluginsFile } from '../plugins/plugins-file.js';
import { loadPlugin } from '../plugins/plugin-loader.js';
import { ident, readArchive, type BackupArchive } from './backup.js';

/** `medianest restore <archive>`: into an empty install (no users yet), with the same MediaNest version or a newer one. */
export async function restoreCommand(args: string[]): Promise<number> {
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) {
    console.error('Usage: medianest restore <backup file>   (into an install that has no users yet)');
    return 2;
  }
  const archive = await readArchive(file);
  const config = loadConfig();
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');

  // The key first: without the right one the restored plugin secrets could not be read.
  const given = readEnv('ENCRYPTION_KEY');
  const keyFile = join(config.dataDir, 'encryption.key');
  if (archive.encryptionKey) {
    if (given && given !== archive.encryptionKey) throw new Error('ENCRYPTION_KEY is set to a different key than the one in the backup: unset it, or set it to the backed-up key');
    if (!given) {
      await mkdir(config.dataDir, { recursive: true });
      if (await exists(keyFile)) await copyFile(keyFile, `${keyFile}.before-restore`);
      await writeFile(keyFile, archive.encryptionKey + '\n', { mode: 0o600 });
    }
  }
  const box = await SecretBox.existing(config.dataDir);
  const sealed = [...archive.pluginsFile.matchAll(/"\$enc"\s*:\s*"([^"]+)"/g)].map((m) => m[1]!);
  if (sealed.length) {
    if (!box) throw new Error('The backup holds encrypted plugin secrets, and this install has no encryption key: set ENCRYPTION_KEY (or ENCRYPTION_KEY_FILE) to the original key, or restore a backup made with --include-key');
    try {
      box.decrypt(sealed[0]!);
    } catch {
      throw new Error('The encryption key of this install is not the one the backup was made with: set ENCRYPTION_KEY to the original key (docker/secrets/encryption_key or the old DATA_DIR/encryption.key)');
    }
  }

  const db = await openCommandDatabase(config, log);
  try {
    await refuseIfInUse(db.url);
    // The restored plugins.json decides which plugins' tables exist.
    await mkdir(dirname(config.pluginsFile), { recursive: true });
    if (await exists(config.pluginsFile)) await copyFile(config.pluginsFile, `${config.pluginsFile}.before-restore`);
    await writeFile(`${config.pluginsFile}.tmp`, archive.pluginsFile);
    await rename(`${config.pluginsFile}.tmp`, config.pluginsFile);
    const plugins = await readPluginsFile(config.pluginsFile);
    const schemas = [];
    for (const [id, entry] of Object.entries(plugins.plugins)) {
      const record = await loadPlugin(id, entry, dirname(config.pluginsFile), log);
      if (record.definition) schemas.push({ pluginId: id, entities: record.definition.entities ?? [], migrations: record.definition.migrations ?? [] });
    }
    const orm = await openOrm(db.url, schemas, log);
    let known: Set<string>;
    try {
      known = new Set((await migrate(orm, log), await orm.em.getConnection().execute('select name from core_migrations')).map((r: any) => r.name));
    } finally {
      await orm.close();
    }
    const unknown = archive.migrations.filter((m) => !known.has(m));
    if (unknown.length) throw new Error(`This backup comes from a newer MediaNest (it has migrations this one does not know: ${unknown.slice(0, 3).join(', ')}); upgrade MediaNest first, then restore`);
    const counts = await loadTables(db.url, archive);
    const users = counts.get('core_users') ?? 0;
    console.log(`Restored ${file}: ${users} users, ${Object.keys(plugins.plugins).length} plugins in plugins.json, ${counts.size} tables (backup of ${archive.createdAt}, MediaNest ${archive.coreVersion}).`);
    console.log(`${archive.downloads.length} downloads were listed in the backup; their files are not in it (restore the downloads folder from your file backup).`);
    console.log('People sign in again (sessions live in Redis and are not part of a backup).');
    return 0;
  } finally {
    await db.close();
  }
}

/** An install with people in it is not overwritten. */
async function refuseIfInUse(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const has = (await client.query(`select to_regclass('public.core_users') is not null as has`)).rows[0].has;
    if (has && (await client.query('select count(*)::int as n from core_users')).rows[0].n > 0) {
      throw new Error('This install already has users: restore into an empty install (a new database and data folder), so nothing is overwritten');
    }
  } finally {
    await client.end();
  }
}

/** Puts every table's rows back in one transaction: parents before children, sequences after. */
async function loadTables(url: string, archive: BackupArchive): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const counts = new Map<string, number>();
  try {
    await client.query('BEGIN');
    const existing = new Set((await client.query<{ name: string }>(`select tablename as name from pg_tables where schemaname = 'public'`)).rows.map((r) => r.name));
    // core_migrations is this install's own record of its schema, written by migrate() above.
    const tables = archive.tables.filter((t) => t.name !== 'core_migrations' && existing.has(t.name));
    const order = await parentsFirst(client, tables.map((t) => t.name));
    await client.query(`TRUNCATE ${tables.map((t) => ident(t.name)).join(', ')} CASCADE`);
    for (const name of order) {
      const table = tables.find((t) => t.name === name)!;
      const columns = (await client.query<{ c: string }>(`select column_name as c from information_schema.columns where table_schema = 'public' and table_name = $1`, [name])).rows.map((r) => r.c);
      const shared = table.columns.filter((c) => columns.includes(c)).map(ident).join(', ');
      if (table.rows.length) {
        await client.query(`INSERT INTO ${ident(name)} (${shared}) SELECT ${shared} FROM json_populate_recordset(null::${ident(name)}, $1::json)`, [JSON.stringify(table.rows)]);
      }
      counts.set(name, table.rows.length);
    }
    for (const s of archive.sequences) {
      const has = (await client.query(`select to_regclass($1) is not null as has`, [`public.${ident(s.name)}`])).rows[0].has;
      if (has) await client.query('select setval($1::regclass, $2::bigint, $3)', [`public.${ident(s.name)}`, s.value, s.called]);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    await client.end();
  }
  return counts;
}

/** Table names ordered so that a table comes after the tables its foreign keys point at. */
async function parentsFirst(client: pg.Client, names: string[]): Promise<string[]> {
  const edges = (await client.query<{ child: string; parent: string }>(
    `select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent from pg_constraint c where c.contype = 'f'`,
  )).rows.map((r) => ({ child: r.child.replace(/^"|"$/g, ''), parent: r.parent.replace(/^"|"$/g, '') }));
  const out: string[] = [];
  const visiting = new Set<string>();
  const visit = (name: string) => {
    if (out.includes(name) || visiting.has(name)) return;
    visiting.add(name);
    for (const e of edges) if (e.child === name && e.parent !== name && names.includes(e.parent)) visit(e.parent);
    out.push(name);
  };
  for (const n of names) visit(n);
  return out;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}
