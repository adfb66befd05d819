import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { CoreConfig } from '../config.js';
import { EmbeddedDatabase } from './embedded-postgres.js';

/** The database a CLI command works on: DATABASE_URL, the embedded one a running MediaNest has up, or the embedded one started for the command. */
export async function openCommandDatabase(config: CoreConfig, log: Logger): Promise<{ url: string; close(): Promise<void> }> {
  if (config.databaseUrl) return { url: config.databaseUrl, close: async () => {} };
  const running = await runningEmbedded(config.dataDir);
  if (running) return { url: running, close: async () => {} };
  const embedded = await EmbeddedDatabase.start(config.dataDir, log);
  return { url: embedded.url, close: () => embedded.stop() };
}

/** The URL of an embedded PostgreSQL already running on the data directory (postmaster.pid names its port). */
async function runningEmbedded(dataDir: string): Promise<string | undefined> {
  const pidFile = await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').catch(() => undefined);
  if (!pidFile) return undefined;
  const [pid, , , port] = pidFile.split('\n');
  try {
    process.kill(Number(pid), 0);
  } catch {
    return undefined;
  }
  const password = (await readFile(join(dataDir, 'postgres.password'), 'utf8')).trim();
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${Number(port)}/medianest`;
}
