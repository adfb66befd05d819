import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { loadConfig, type CoreConfig } from './config.js';
import { createLogger } from './log.js';
import { connectRedis, failFastWhileAway, redisOptions } from './redis.js';
import { SessionStore } from './auth/sessions.js';
import { EmbeddedDatabase, type DatabaseState } from './db/embedded-postgres.js';
import { watchDatabaseEndpoint } from './db/database-errors.js';
import { migrate, openOrm } from './db/orm.js';
import { Metrics } from './metrics.js';
import { PluginHost } from './plugins/plugin-host.js';
import { installFaultHandlers } from './faults/plugin-scope.js';
import { Crashes } from './faults/plugin-crashes.js';
import { forgetFrozen, readFrozen, Watchdog } from './faults/watchdog.js';
import { readPluginsFile, type PluginsFile } from './plugins/plugins-file.js';
import { watchPluginsFile } from './plugins/plugins-file-watcher.js';
import { JobSystem } from './jobs/job-system.js';
import { SocketServer } from './realtime/socket-server.js';
import { redisEmit } from './realtime/redis-emit.js';
import { quietSubscriptions, safePublishing } from './realtime/safe-publish.js';
import type { Emit } from './realtime/rooms.js';
import { createApp } from './http/app.js';
import { coreRoutes } from './http/core-routes.js';
import { openApiDocument, type MountedRoute } from './http/openapi.js';
import { createUiServer } from './http/ui-static.js';
import { drainable } from './http/graceful-close.js';
import { authRoutes, sessionStarter } from './auth/auth-routes.js';
import { providerRoutes } from './auth/provider-routes.js';
import { RateLimiter, parseLimit } from './auth/rate-limit.js';
import { SetupCode } from './auth/setup-code.js';
import { UserStore } from './auth/users.js';
import type Koa from 'koa';
import type { User } from '@medianest/sdk';
import { AuditLog } from './auth/audit-log.js';
import { AccountLinks } from './auth/account-links.js';
import { ensureLivePluginsFile } from './plugins/live-plugins-file.js';
import { accountRoutes } from './auth/account-routes.js';
import { inviteRoutes } from './auth/invite-routes.js';
import { SignInGuard } from './auth/sign-in-guard.js';
import { adminRoutes } from './http/admin-routes.js';
import { adminUserRoutes } from './http/admin-users-routes.js';
import { mySessionRoutes } from './http/my-sessions-routes.js';
import { tokenRoutes } from './http/token-routes.js';
import { searchRoutes } from './http/search-routes.js';
import { boardRoutes } from './http/board-routes.js';
import { BoardStore } from './boards/board-store.js';
import { ApiTokens } from './auth/api-tokens.js';
import { Permissions } from './auth/permissions.js';
import { SecretBox } from './auth/secret-box.js';
import { keepMemoryReducerAwake } from './memory-reducer.js';

export const CORE_VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

/** Options of startCore: anything left out comes from the environment (see loadConfig). */
export interface CoreOptions extends Partial<CoreConfig> {
  /** Where logs go (default stdout). */
  logStream?: NodeJS.WritableStream;
  /** Bound on each plugin's register() (default 10 s). */
  pluginStartTimeoutMs?: number;
}

/** A running MediaNest process. */
export interface Core {
  config: CoreConfig;
  /** http://host:port of the web role; undefined for a worker. */
  url?: string;
  log: Logger;
  host: PluginHost;
  orm: MikroORM;
  redis: Redis;
  /** Applies a plugins.json content now (the file watcher does this on edits). */
  applyPlugins(file: PluginsFile): Promise<void>;
  /** Leaves the load balancer: no new connections, open ones finish (at most `timeoutMs`). Then stop(). */
  drain(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Starts MediaNest in the configured role; resolves when it is ready to serve. */
export async function startCore(options: CoreOptions = {}): Promise<Core> {
  const { logStream, pluginStartTimeoutMs, ...overrides } = options;
  const config: CoreConfig = { ...loadConfig(), ...stripUndefined(overrides) };
  const log = createLogger(config.logLevel, logStream).child({ role: config.role });
  const cleanup: Array<() => Promise<unknown> | unknown> = [];
  const stop = async () => {
    for (const fn of cleanup.splice(0).reverse()) {
      try {
        await fn();
      } catch (err) {
        log.warn({ err }, 'error while stopping');
      }
    }
  };

  try {
    cleanup.push(keepMemoryReducerAwake());
    const redis = await connectRedis(config.redisUrl);
    cleanup.push(() => redis.quit());
    const web = config.role !== 'worker';
    const metrics = new Metrics();

    let socketServer: SocketServer | undefined;
    let unclaimedCode: string | null = null;
    let server: Server | undefined;
    let draining: ReturnType<typeof drainable> | undefined;
    const emitViaRedis = redisEmit(safePublishing(redis, log), config.redisPrefix);
    const emit: Emit = (room, event, data) => (socketServer ? socketServer.emit(room, event, data) : emitViaRedis(room, event, data));

    const jobs = new JobSystem({
      redis: redisOptions(config.redisUrl),
      client: redis,
      prefix: config.redisPrefix,
      log,
      emit,
      processJobs: config.role !== 'web',
      stallIntervalMs: config.stallIntervalMs,
      onOutcome: (plugin: string, queue: string, outcome: string) => metrics.jobOutcomes.inc({ plugin, queue, outcome }),
    });
    cleanup.push(() => jobs.close());

    const secrets = await SecretBox.load(config.dataDir);
    // Sessions live in Redis: any process (a worker running a plugin's job, say) can end a user's.
    const sessionStore = new SessionStore(redis, config.redisPrefix);
    cleanup.push(installFaultHandlers(log));
    await mkdir(config.dataDir, { recursive: true });
    let watchdog: Watchdog | undefined;
    const host = new PluginHost({
      decrypt: (sealed) => secrets.decrypt(sealed),
      encrypt: (plain) => secrets.encrypt(plain),
      endUserSessions: async (userId) => {
        const ids = await sessionStore.revokeUser(userId);
        for (const id of ids) socketServer?.endSession(id);
        return ids.length;
      },
      log,
      redis,
      redisPrefix: config.redisPrefix,
      emit,
      jobs,
      pluginsFileDir: dirname(config.pluginsFile),
      dataDir: config.dataDir,
      pluginsFile: config.pluginsFile,
      startTimeoutMs: pluginStartTimeoutMs ?? 10_000,
    }, new Crashes());
    cleanup.push(() => host.close());

    let file: PluginsFile = { plugins: {} };
    try {
      await ensureLivePluginsFile(config.pluginsFile, config.shippedPluginsFile, log);
      file = await readPluginsFile(config.pluginsFile);
    } catch (err) {
      log.error({ reason: (err as Error).message }, 'plugins.json rejected; starting with no plugins until it is fixed');
    }
    host.setFrozen(await readFrozen(config.dataDir), (id) => forgetFrozen(config.dataDir, id));
    await host.discover(file);
    const tellWatchdog = () => watchdog?.plugins(Object.fromEntries([...host.records.values()].filter((r) => r.pkg).map((r) => [r.id, r.pkg!.dir])));
    host.afterApply = tellWatchdog;

    let databaseUrl = config.databaseUrl;
    let databaseState: (() => DatabaseState) | undefined;
    if (!databaseUrl) {
      const embedded = await EmbeddedDatabase.start(config.dataDir, log);
      cleanup.splice(0, 0, () => embedded.stop()); // stops last
      databaseUrl = embedded.url;
      databaseState = () => embedded.state();
    }
    cleanup.push(watchDatabaseEndpoint(databaseUrl));
    const orm = await openOrm(databaseUrl, host.schemas(), log);
    cleanup.push(() => orm.close());
    await migrate(orm, log);
    host.setOrm(orm);
    const permissions = new Permissions(orm);
    host.setPermissionCheck((user, permission) => permissions.allows(user, permission));
    const routeLimiter = new RateLimiter(redis, config.redisPrefix);
    cleanup.push(() => routeLimiter.close());
    host.setRouteLimiter(async (key, limit) => routeLimiter.hit(key, parseLimit(limit), 'requests to this'));

    if (web) {
      const sessions = sessionStore;
      const sessionEvents = redis.duplicate();
      sessionEvents.on('error', () => {}); // reconnects by itself; the cache is bypassed meanwhile
      sessions.cacheReads(sessionEvents);
      cleanup.push(() => sessions.close());
      const limiter = new RateLimiter(redis, config.redisPrefix);
      cleanup.push(() => limiter.close());
      const apiLimit = parseLimit(config.apiRateLimit);
      const users = new UserStore(orm);
      const setupCode = new SetupCode(redis, config.redisPrefix);
      const audit = new AuditLog(orm, log);
      const tokens = new ApiTokens(orm);
      const links = new AccountLinks(orm);
      const guard = new SignInGuard(redis, config.redisPrefix, audit, { pair: parseLimit(config.signInRateLimit), address: parseLimit(config.signInAddressLimit) });
      const signedIn = (id: string) => users.signedIn(id);
      const mustChangePassword = (id: string) => users.mustChangePassword(id);
      const endSession = (handle: string, reason?: string) => socketServer?.endSession(handle, reason);
      const startSession = (ctx: Koa.Context, user: User) => sessionStarter({ sessions, log, audit, secure, signedIn, mustChangePassword })(ctx, user, 'signin');
      if (!(await users.hasAdmin())) unclaimedCode = await setupCode.issue();
      const allRoutes = (): MountedRoute[] => [
        ...routes.map((r) => ({ ...r, fullPath: r.path })),
        ...host.running().flatMap((p) => p.running!.reg.routes.map((r) => ({ ...r, fullPath: `/api/plugins/${p.id}${r.path}`, plugin: p.id }))),
      ];
      const secure = config.publicUrl?.startsWith('https:') ?? false;
      const routes = [
        ...coreRoutes({
          host,
          orm,
          redis,
          metrics,
          databaseState,
          statusCacheMs: config.statusCacheMs,
          pluginsFile: config.pluginsFile,
          publicDashboard: config.publicDashboard,
          openApi: () => openApiDocument(allRoutes(), CORE_VERSION),
          jobFailures: () => jobs.failures(),
        }),
        ...authRoutes({
          users,
          sessions,
          setupCode,
          limiter,
          signInLimit: parseLimit(config.signInRateLimit),
          secure,
          log,
          endSession: (handle) => socketServer?.endSession(handle),
          audit,
          guard,
          signedIn,
          mustChangePassword,
        }),
        ...adminRoutes({ host, audit, pluginsFile: config.pluginsFile, permissions, secrets }),
        ...adminUserRoutes({ users, sessions, audit, links, endSession }),
        ...mySessionRoutes({ sessions, audit, endSession }),
        ...accountRoutes({ users, sessions, links, audit, endSession, startSession, limiter }),
        ...inviteRoutes({ users, links, audit, startSession, limiter }),
        ...tokenRoutes({ tokens, users, audit }),
        ...searchRoutes({ host, log }),
        ...boardRoutes({ boards: new BoardStore(orm), users, audit }),
        ...providerRoutes({
          host,
          orm,
          redis,
          redisPrefix: config.redisPrefix,
          users,
          links,
          audit,
          limiter,
          signInLimit: parseLimit(config.signInRateLimit),
          startSession,
          publicUrl: config.publicUrl,
        }),
      ];
      const ui = createUiServer({ uiDir: config.uiDir, pluginAsset: (id: string) => host.asset(id) });
      const app = createApp({
        log,
        sessions,
        metrics,
        host,
        coreRoutes: routes,
        ui,
        secure,
        proxy: config.trustProxy,
        limitUser: (user) => limiter.hit(`api:${user.id}`, apiLimit, 'requests'),
        tokens,
      });
      server = createServer(app.callback());
      server.keepAliveTimeout = 65_000; // longer than nginx keeps idle connections to us
      draining = drainable(server);
      const sub = quietSubscriptions(redis.duplicate());
      const pub = safePublishing(failFastWhileAway(redis.duplicate()), log);
      // Copies get no listeners: without one a lost connection prints a warning per retry.
      for (const client of [sub, pub]) client.on('error', () => {});
      cleanup.push(() => { pub.disconnect(); sub.disconnect(); });
      socketServer = new SocketServer(server, pub, sub, config.redisPrefix, sessions, log, { publicUrl: config.publicUrl, trustProxy: config.trustProxy });
      // Whoever ended a session (a worker's job included), its open sockets here close too.
      sessions.onEnded((handle) => socketServer?.endLocalSession(handle));
      const s = server;
      cleanup.push(async () => {
        s.closeAllConnections();
        await socketServer!.close();
        socketServer = undefined;
      });
    }

    metrics.setSources({
      pluginStates: () => [...host.records.values()].map((r) => ({ plugin: r.id, state: r.state })),
      queueDepths: () => jobs.depths() as any,
    });

    // Listening before plugins start: /api/health answers from the first second even while a
    // plugin's register() hangs (up to its timeout); /api/health/ready says not ready until they ran.
    let url: string | undefined;
    if (server) {
      const s = server;
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(config.port, config.host, () => resolve());
      });
      const address = s.address() as { port: number };
      const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
      url = `http://${shown}:${address.port}`;
    }
    // Armed once the core's own start-up (imports, ORM discovery, migrations: seconds of busy
    // event loop on a slow machine) is done, and before any plugin's register() runs.
    if (config.watchdogSeconds > 0) {
      const dog = (watchdog = new Watchdog(config.dataDir, config.watchdogSeconds * 1000));
      cleanup.push(() => dog.stop());
      tellWatchdog();
    }
    await host.apply(file);
    const unwatch = watchPluginsFile(config.pluginsFile, log, (f) => host.apply(f));
    cleanup.push(unwatch);

    if (server) {
      log.info({ url, plugins: host.running().map((p) => p.id) }, `MediaNest is ready at ${url}`);
      if (unclaimedCode) {
        log.warn({ setupCode: unclaimedCode }, `MediaNest is not set up yet: open ${url}/#/setup and enter the one-time setup code ${unclaimedCode} (valid 24 h) to create the admin account`);
      }
    } else {
      log.info({ plugins: host.running().map((p) => p.id) }, 'MediaNest worker is ready');
    }

    const drain = async (timeoutMs = 10_000) => {
      if (!draining) return;
      const done = draining.drain(timeoutMs);
      // Live connections move to another process now (browsers reconnect through nginx).
      socketServer?.io.disconnectSockets(true);
      await done;
    };
    return { config, url, log, host, orm, redis, applyPlugins: (f) => host.apply(f), drain, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
