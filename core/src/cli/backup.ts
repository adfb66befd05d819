import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import pg from 'pg';
import { loadConfig, readEnv } from '../config.js';
import { createLogger } from '../log.js';
import { CORE_VERSION } from '../core.js';
import { openCommandDatabase } from '../db/database-connection.js';

/** What `medianest backup` writes: one gzipped JSON document. */
export interface BackupArchive {
  format: 'medianest-backup';
  version: 1;
  createdAt: string;
  coreVersion: string;
  /** Migrations applied in the database when it was dumped. */
  migrations: string[];
  /** Every table of the public schema (core and plugins), read in one snapshot. */
  tables: Array<{ name: string; columns: string[]; rows: unknown[] }>;
  sequences: Array<{ name: string; value: string; called: boolean }>;
  /** The live plugins.json, as written. */
  pluginsFile: string;
  /** Files in the downloads folders (not the files themselves). */
  downloads: Array<{ path: string; bytes: number; modified: string }>;
  /** Only with --include-key. */
  encryptionKey?: string;
}

/** Reads every table in one REPEATABLE READ transaction, so the dump is one consistent moment. */
export async function dumpDatabase(url: string): Promise<Pick<BackupArchive, 'migrations' | 'tables' | 'sequences'>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const names = (await client.query<{ name: string }>(`select tablename as name from pg_tables where schemaname = 'public' order by tablename`)).rows.map((r) => r.name);
    const tables: BackupArchive['tables'] = [];
    for (const name of names) {
      const columns = (await client.query<{ c: string }>(`select column_name as c from information_schema.columns where table_schema = 'public' and table_name = $1 order by ordinal_position`, [name])).rows.map((r) => r.c);
      const rows = (await client.query(`select coalesce(json_agg(t), '[]'::json) as rows from ${ident(name)} t`)).rows[0].rows;
      tables.push({ name, columns, rows });
    }
    const sequences: BackupArchive['sequences'] = [];
    for (const { name } of (await client.query<{ name: string }>(`select sequencename as name from pg_sequences where schemaname = 'public'`)).rows) {
      const { last_value, is_called } = (await client.query(`select last_value::text, is_called from ${ident(name)}`)).rows[0];
      sequences.push({ name, value: last_value, called: is_called });
    }
    const migrations = names.includes('core_migrations') ? (await client.query<{ name: string }>('select name from core_migrations order by id')).rows.map((r) => r.name) : [];
    await client.query('COMMIT');
    return { migrations, tables, sequences };
  } finally {
    await client.end();
  }
}

export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Every file under the folders, with size and time, by walking them (symlinks not followed). */
async function listDownloads(dirs: string[]): Promise<BackupArchive['downloads']> {
  const out: BackupArchive['downloads'] = [];
  const walk = async (dir: string) => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory()) await walk(path);
      else if (e.isFile()) {
        const s = await stat(path);
        out.push({ path, bytes: s.size, modified: s.mtime.toISOString() });
      }
    }
  };
  for (const dir of dirs) await walk(dir);
  return out;
}

/** The folders whose files the backup lists: DOWNLOADS_DIR (comma-separated), else /downloads if there. */
export function downloadDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.DOWNLOADS_DIR) return env.DOWNLOADS_DIR.split(',').map((d) => d.trim()).filter(Boolean);
  return ['/downloads'];
}

function parseArgs(args: string[]): { out?: string; includeKey: boolean } {
  const i = args.indexOf('--out');
  return { out: i >= 0 ? args[i + 1] : undefined, includeKey: args.includes('--include-key') };
}

/** `medianest backup [--out <folder or file>] [--include-key]` */
export async function backupCommand(args: string[]): Promise<number> {
  const { out, includeKey } = parseArgs(args);
  const config = loadConfig();
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const db = await openCommandDatabase(config, log);
  let archive: BackupArchive;
  try {
    const dump = await dumpDatabase(db.url);
    archive = {
      format: 'medianest-backup',
      version: 1,
      createdAt: new Date().toISOString(),
      coreVersion: CORE_VERSION,
      ...dump,
      pluginsFile: await readFile(config.pluginsFile, 'utf8'),
      downloads: await listDownloads(downloadDirs()),
    };
  } finally {
    await db.close();
  }
  if (includeKey) {
    const key = readEnv('ENCRYPTION_KEY') ?? (await readFile(join(config.dataDir, 'encryption.key'), 'utf8').catch(() => undefined))?.trim();
    if (!key) throw new Error('There is no encryption key to include yet (none configured and none made in DATA_DIR)');
    archive.encryptionKey = key;
  }
  const stamp = archive.createdAt.replace(/[:.]/g, '-');
  const target = out?.endsWith('.json.gz') ? resolve(out) : join(resolve(out ?? 'backups'), `medianest-backup-${stamp}.json.gz`);
  await mkdir(resolve(target, '..'), { recursive: true });
  const tmp = `${target}.partial`;
  await pipeline(Readable.from([JSON.stringify(archive)]), createGzip(), createWriteStream(tmp, { mode: 0o600 }));
  await rename(tmp, target);
  const users = archive.tables.find((t) => t.name === 'core_users')?.rows.length ?? 0;
  console.log(`Backup written to ${target}: ${archive.tables.length} tables (${users} users), plugins.json, ${archive.downloads.length} downloads listed.`);
  if (includeKey) {
    console.warn('WARNING: this backup holds the encryption key. Anyone who has the file can read the plugin secrets in it (API keys, tokens): keep it as safe as the key itself.');
  } else {
    console.log('The encryption key is not in it: keep your ENCRYPTION_KEY (docker/secrets/encryption_key or DATA_DIR/encryption.key) to restore plugin secrets, or run with --include-key.');
  }
  return 0;
}

/** Reads an archive written by backupCommand. */
export async function readArchive(file: string): Promise<BackupArchive> {
  const { createGunzip } = await import('node:zlib');
  const chunks: Buffer[] = [];
  await pipeline(createReadStream(file), createGunzip(), async function* (source) {
    for await (const chunk of source) chunks.push(chunk as Buffer);
  });
  const archive = JSON.parse(Buffer.concat(chunks).toString('utf8')) as BackupArchive;
  if (archive.format !== 'medianest-backup' || archive.version !== 1) throw new Error(`${file} is not a MediaNest backup (version 1)`);
  return archive;
}
