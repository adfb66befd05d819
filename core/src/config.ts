import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** What the process runs: HTTP + socket.io, job processors, or both. */
export type Role = 'all' | 'web' | 'worker';

export interface CoreConfig {
  role: Role;
  host: string;
  port: number;
  dataDir: string;
  /** Undefined: start the embedded PostgreSQL in `dataDir/postgres`. */
  databaseUrl?: string;
  redisUrl: string;
  /** Prefix of every Redis key the core and its plugins write. */
  redisPrefix: string;
  pluginsFile: string;
  /** The plugins.json shipped with the checkout: copied to `pluginsFile` on the first start. */
  shippedPluginsFile?: string;
  logLevel: string;
  /** Set when the portal is served over TLS (cookies get `Secure`). */
  publicUrl?: string;
  /** Stalled-job check interval; a job whose worker died is retried after about this long. */
  stallIntervalMs: number;
  /** Seconds `/api/status` answers are cached for. */
  statusCacheMs: number;
  /** After this many seconds of a blocked event loop the process exits, blaming the plugin running (0: off). */
  watchdogSeconds: number;
  /** Directory of the built UI (ui/dist). */
  uiDir: string;
  /** Trust X-Forwarded-* headers from a reverse proxy (nginx). */
  trustProxy: boolean;
  /** API calls a signed-in user may make, e.g. "100/min". */
  apiRateLimit: string;
  /** Sign-in attempts per address and per account, e.g. "5/min". */
  signInRateLimit: string;
  /** Show widgets marked public to signed-out visitors (off: they see the sign-in page only). */
  publicDashboard: boolean;
  /** Wrong passwords allowed from one address, for all accounts together (loose: a household shares one). */
  signInAddressLimit: string;
}

/** Reads `NAME`, or the contents of the file named by `NAME_FILE` (Docker secrets). */
export function readEnv(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = env[`${name}_FILE`];
  if (file) return readFileSync(file, 'utf8').trim();
  const value = env[name];
  return value === '' ? undefined : value;
}

const ROLES: Role[] = ['all', 'web', 'worker'];

/** The configuration from environment variables, with defaults that make a fresh checkout run. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): CoreConfig {
  const role = (env.MEDIANEST_ROLE ?? 'all') as Role;
  if (!ROLES.includes(role)) throw new Error(`MEDIANEST_ROLE must be one of ${ROLES.join(', ')}, not "${role}"`);
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  const dataDir = resolve(cwd, env.DATA_DIR ?? 'data');
  return {
    role,
    host: env.HOST ?? '0.0.0.0',
    port,
    dataDir,
    databaseUrl: withPassword(readEnv('DATABASE_URL', env), readEnv('DATABASE_PASSWORD', env)),
    redisUrl: readEnv('REDIS_URL', env) ?? 'redis://127.0.0.1:6379',
    redisPrefix: env.REDIS_PREFIX ?? 'mn:',
    // The live file lives with the install's data; the checkout's plugins.json only seeds it.
    pluginsFile: env.PLUGINS_FILE ? resolve(cwd, env.PLUGINS_FILE) : join(dataDir, 'plugins.json'),
    shippedPluginsFile: resolve(cwd, 'plugins.json'),
    logLevel: env.LOG_LEVEL ?? 'info',
    publicUrl: env.PUBLIC_URL,
    stallIntervalMs: Number(env.JOB_STALL_INTERVAL_MS ?? 5000),
    statusCacheMs: Number(env.STATUS_CACHE_MS ?? 2000),
    watchdogSeconds: Number(env.WATCHDOG_SECONDS ?? 10),
    uiDir: resolve(cwd, env.UI_DIR ?? defaultUiDir()),
    trustProxy: env.TRUST_PROXY === 'true',
    apiRateLimit: env.RATE_LIMIT_API ?? '100/min',
    signInRateLimit: env.RATE_LIMIT_SIGNIN ?? '5/15min',
    signInAddressLimit: env.RATE_LIMIT_SIGNIN_ADDRESS ?? '50/15min',
    publicDashboard: env.PUBLIC_DASHBOARD === 'true',
  };
}

/** DATABASE_URL with DATABASE_PASSWORD (e.g. from DATABASE_PASSWORD_FILE, a Docker secret) put in. */
function withPassword(url: string | undefined, password: string | undefined): string | undefined {
  if (!url || !password) return url;
  const u = new URL(url);
  u.password = encodeURIComponent(password);
  return u.toString();
}

/** The built portal: the `dist` of the installed `@medianest/ui` package (in this repository, a link to ui/). */
function defaultUiDir(): string {
  try {
    return fileURLToPath(new URL('./dist', import.meta.resolve('@medianest/ui/package.json')));
  } catch {
    return fileURLToPath(new URL('../../ui/dist', import.meta.url));
  }
}
