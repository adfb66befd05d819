import type { User } from './context.js';

/** A plugin entry in a test's plugins.json: `enabled` defaults to true; give `path` or `package`. */
export interface TestPluginEntry {
  enabled?: boolean;
  /** npm package name, resolved from node_modules. */
  package?: string;
  /** Folder with the plugin's package.json (absolute, or relative to the current directory). */
  path?: string;
  /** The plugin's settings. */
  config?: Record<string, unknown>;
  /** The settings version `config` was written in (absent: 1), to test `migrateConfig`; read `pluginsFile` afterwards for the upgraded settings. */
  configVersion?: number;
}

/** Options of the test harness. */
export interface TestCoreOptions {
  /** plugins.json content: id → entry. */
  plugins: Record<string, TestPluginEntry>;
  /** A PostgreSQL server to create a throwaway database on (default TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres). */
  adminDatabaseUrl?: string;
  /** Redis (default REDIS_URL or redis://127.0.0.1:6379); keys go under a random prefix. */
  redisUrl?: string;
  /** Bound on register() (default 10 s). */
  pluginStartTimeoutMs?: number;
  /** Log level (default TEST_LOG_LEVEL or silent). */
  logLevel?: string;
  /** Creates an admin account at once, so a browser sees the dashboard rather than the setup form (default false). */
  setUp?: boolean;
}

/** A response as the harness returns it. */
export interface TestResponse<T = any> {
  /** HTTP status. */
  status: number;
  /** Response headers. */
  headers: Headers;
  /** Parsed JSON, or the text when not JSON. */
  body: T;
  /** The raw body. */
  text: string;
}

/** A real MediaNest core running your plugin, on a random port. */
export interface TestCore {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  /** The temporary plugins.json the core watches. */
  pluginsFile: string;
  /** Redis key prefix of this core. */
  redisPrefix: string;
  /** A Cookie header for a new signed-in session with this role. */
  sessionCookie(role: 'admin' | 'user', user?: Partial<User>): Promise<string>;
  /** fetch against the core like a browser that loaded the portal (with its CSRF cookie and header unless `csrf: false`); `json` is sent as the body, JSON answers are parsed. */
  request<T = any>(path: string, init?: RequestInit & { json?: unknown; cookie?: string; csrf?: boolean }): Promise<TestResponse<T>>;
  /** Rewrites plugins.json; the core applies it as it would an admin's edit. */
  writePlugins(plugins: Record<string, TestPluginEntry> | string): Promise<void>;
  /** Polls `check` until it returns something truthy, or throws after `timeoutMs` (default 5 s). */
  waitFor<T>(check: () => T | Promise<T>, timeoutMs?: number, what?: string): Promise<T>;
  /** Stops the core and removes its database, Redis keys and files. */
  stop(): Promise<void>;
}

/** Boots the real core with your plugins against real PostgreSQL and Redis (needs `@medianest/core` as a devDependency). */
export async function startTestCore(options: TestCoreOptions): Promise<TestCore> {
  const specifier = '@medianest/core/testing';
  let mod: { startTestCore(o: TestCoreOptions): Promise<TestCore> };
  try {
    mod = await import(specifier);
  } catch (err) {
    throw new Error(`The test harness needs @medianest/core: npm install --save-dev @medianest/core (${(err as Error).message})`);
  }
  return mod.startTestCore(options);
}
