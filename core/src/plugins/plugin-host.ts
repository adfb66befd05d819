import 'reflect-metadata'; // tsyringe needs it loaded first
import Koa from 'koa';
import Router from '@koa/router';
import { join } from 'node:path';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { MikroORM } from '@mikro-orm/postgresql';
import { type AuthProviderDefinition, type AuthLevel, type SearchProvider, type Duration, type User, type JobHandler, type JobOptions, type JobQueue, type PluginDefinition } from '@medianest/sdk';
import { compileRoute, type RouteDef } from '../http/route.js';
import { refuseOtherMethods } from '../http/allowed-methods.js';
import { inPlugin, type PluginScope } from '../faults/plugin-scope.js';
import { crashReason, type Crashes } from '../faults/plugin-crashes.js';
import { ROOM_ALL, type Emit } from '../realtime/rooms.js';
import { runCheck } from '../health/run-check.js';
import { BackgroundChecks, type ShownResult } from '../health/check-in-background.js';
import { PluginEvent } from '../db/core-schema.js';
import type { PluginSchema } from '../db/orm.js';
import { createPluginContext } from './plugin-context.js';
import type { PluginPackage } from './manifest.js';
import { loadPlugin } from './plugin-loader.js';
import { widgetSize } from './widget-size.js';
import { resolvePluginConfig } from './plugin-config.js';
import { upgradeConfig } from './config-migrations.js';
import { updatePluginsFile } from './plugins-file-writer.js';
import type { PluginEntry, PluginsFile } from './plugins-file.js';
import type { CheckDecl, PageDecl, Registrations, WidgetDecl } from './registrations.js';

export type PluginState = 'disabled' | 'starting' | 'running' | 'failed' | 'stopping';

/** The part of the job system the host drives. */
export interface JobsPort {
  define<D, R>(pluginId: string, name: string, handler: JobHandler<D, R>, options: JobOptions, log: Logger): JobQueue<D>;
  every(pluginId: string, name: string, interval: Duration, handler: JobHandler<Record<string, never>, unknown>, options: JobOptions, log: Logger): void;
  stopPlugin(pluginId: string): Promise<void>;
}

export interface HostDeps {
  log: Logger;
  redis: Redis;
  redisPrefix: string;
  emit: Emit;
  jobs: JobsPort;
  /** Set once the database is open (discovery runs before). */
  orm?: MikroORM;
  pluginsFileDir: string;
  /** The data directory; each plugin gets `<dataDir>/plugins/<id>` as `ctx.dataDir`. */
  dataDir: string;
  /** plugins.json itself, so settings upgraded by a plugin's migrateConfig are written back (none: kept in memory). */
  pluginsFile?: string;
  /** Bound on register(); Fastify's default is 10 s too. */
  startTimeoutMs: number;
  /** Whether a user holds a permission (set once the database is open). */
  can?: (user: User, permission: string) => Promise<boolean>;
  /** Opens `{"$enc": …}` secrets in plugin settings. */
  decrypt?: (sealed: string) => string;
  /** Seals secrets plugins keep themselves (`ctx.secrets`). */
  encrypt?: (plain: string) => string;
  /** Ends every session of a user (`ctx.auth.endSessions`). */
  endUserSessions?: (userId: string) => Promise<number>;
  /** Applies a route's own rate limit. */
  limit?: (key: string, limit: string) => Promise<void>;
}

interface Running {
  /** The async scope its code runs in, by what was entered. */
  scope: (where: string) => PluginScope;
  reg: Registrations;
  abort: AbortController;
  container: DependencyContainer;
  middleware: Koa.Middleware;
}

/** One plugin as the host knows it. */
export interface PluginRecord {
  id: string;
  entry: PluginEntry;
  pkg?: PluginPackage;
  definition?: PluginDefinition;
  /** Why it could not even be loaded (bad manifest, range, import). */
  loadError?: string;
  state: PluginState;
  reason: string | null;
  /** Failed only because a dependency was not running: retried when it is. */
  blockedByDependency?: boolean;
  running?: Running;
  /** Set while register() runs: a crash then fails the start. */
  crashedWhileStarting?: (err: Error) => void;
}

/** Loads, starts and stops plugins; the rest of the core asks it what is mounted. */
export class PluginHost {
  readonly records = new Map<string, PluginRecord>();
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  /** This host's DI scope: services plugins provide; each plugin gets a child of it. */
  private readonly container: DependencyContainer = rootContainer.createChildContainer();
  private readonly provided = new Map<string, unknown>();
  private readonly background = new BackgroundChecks();

  constructor(private readonly deps: HostDeps, private readonly crashes?: Crashes) {}

  setOrm(orm: MikroORM): void {
    this.deps.orm = orm;
  }

  setPermissionCheck(can: (user: User, permission: string) => Promise<boolean>): void {
    this.deps.can = can;
  }

  setRouteLimiter(limit: (key: string, limit: string) => Promise<void>): void {
    this.deps.limit = limit;
  }

  /** Sign-in providers of running plugins, by `<plugin>.<id>`. */
  providers(): Array<{ id: string; plugin: string; definition: AuthProviderDefinition }> {
    return this.running().flatMap((r) => r.running!.reg.providers.map((definition) => ({ id: `${r.id}.${definition.id}`, plugin: r.id, definition })));
  }

  /** Search providers of running plugins, in plugins.json order. */
  searchProviders(): Array<{ plugin: string; provider: SearchProvider }> {
    return this.running().flatMap((r) => (r.running!.reg.search ? [{ plugin: r.id, provider: r.running!.reg.search }] : []));
  }

  /** Every permission the loaded plugins declare, with the plugin that declares it. */
  declaredPermissions(): Array<{ permission: string; plugin: string }> {
    return [...this.records.values()].flatMap((r) => (r.pkg?.manifest.permissions ?? []).map((permission) => ({ permission, plugin: r.id })));
  }

  /** Finds, checks and imports every listed plugin (enabled or not) so the database knows all their tables. */
  async discover(file: PluginsFile): Promise<void> {
    for (const [id, entry] of Object.entries(file.plugins)) {
      this.records.set(id, await loadPlugin(id, entry, this.deps.pluginsFileDir, this.deps.log));
    }
  }

  /** Entities and migrations of every loaded plugin. */
  schemas(): PluginSchema[] {
    return [...this.records.values()]
      .filter((r) => r.definition)
      .map((r) => ({ pluginId: r.id, entities: r.definition!.entities ?? [], migrations: r.definition!.migrations ?? [] }));
  }

  /** Brings the running set in line with plugins.json; runs one change at a time. */
  apply(file: PluginsFile): Promise<void> {
    const next = this.queue.then(() => this.applyNow(file));
    this.queue = next.catch(() => {});
    return next;
  }

  /** False until plugins.json has been applied once (the server listens before that). */
  pluginsStarted = false;
  /** Called after each apply (the watchdog learns where plugins' code is). */
  afterApply?: () => void;
  /** Plugins that froze the portal in an earlier run (the watchdog's record), with the reason. */
  private frozen = new Map<string, string>();
  private forget: (id: string) => Promise<void> = async () => {};

  setFrozen(frozen: Map<string, string>, forget: (id: string) => Promise<void>): void {
    this.frozen = frozen;
    this.forget = forget;
  }

  /** The admin enabled the plugin again (or changed its entry): a recorded freeze no longer keeps it off. */
  async unfreeze(id: string): Promise<void> {
    if (!this.frozen.delete(id)) return;
    await this.forget(id).catch((err) => this.deps.log.warn({ err, plugin: id }, 'could not clear the freeze record'));
    const record = this.records.get(id);
    if (record?.state === 'failed') await this.setState(record, 'disabled', null);
  }

  /** What the admin should fix in plugins.json (e.g. an id listed twice), shown on the admin page. */
  warnings: string[] = [];

  private async applyNow(file: PluginsFile): Promise<void> {
    if (this.closed) return;
    this.warnings = (file.duplicates ?? []).map((id) => `plugins.json lists "${id}" more than once; only its last entry is used: remove the others`);
    for (const warning of this.warnings) this.deps.log.warn({ duplicates: file.duplicates }, warning);
    // Removed or changed entries stop first.
    for (const [id, record] of this.records) {
      const entry = file.plugins[id];
      const sourceChanged = entry && (entry.package !== record.entry.package || entry.path !== record.entry.path);
      if (!entry || sourceChanged) {
        await this.stop(record, entry ? 'its package changed' : 'removed from plugins.json');
        this.records.delete(id);
      } else if (JSON.stringify(entry.config ?? {}) !== JSON.stringify(record.entry.config ?? {}) || entry.enabled !== record.entry.enabled) {
        if (entry.enabled) await this.unfreeze(id);
        if (record.state === 'running' || record.state === 'failed') await this.stop(record, entry.enabled ? 'settings changed' : 'disabled');
        record.entry = entry;
      }
    }
    for (const [id, entry] of Object.entries(file.plugins)) {
      if (this.records.has(id)) continue;
      const record = await loadPlugin(id, entry, this.deps.pluginsFileDir, this.deps.log);
      if (record.definition && ((record.definition.entities?.length ?? 0) > 0 || (record.definition.migrations?.length ?? 0) > 0)) {
        record.loadError = 'It was added while MediaNest was running and has database tables: restart MediaNest to create them';
      }
      this.records.set(id, record);
    }
    await this.settle();
    this.pluginsStarted = true;
    this.afterApply?.();
  }

  /** Stops plugins whose dependencies went away; starts enabled plugins whose dependencies run, in order. */
  private async settle(): Promise<void> {
    let changed = true;
    while (changed && !this.closed) {
      changed = false;
      for (const record of this.records.values()) {
        if (record.state !== 'running') continue;
        const missing = this.missingDependency(record);
        if (missing) {
          await this.stop(record, missing, 'failed');
          record.blockedByDependency = true;
          changed = true;
        }
      }
      for (const record of this.records.values()) {
        if (!record.entry.enabled || record.state === 'running') continue;
        const missing = this.missingDependency(record);
        if (record.state === 'failed' && !(record.blockedByDependency && !missing)) continue;
        if (missing && this.dependencyMayStillStart(record)) continue;
        await this.start(record);
        changed = true;
      }
    }
  }

  private missingDependency(record: PluginRecord): string | undefined {
    for (const dep of record.pkg?.manifest.dependencies ?? []) {
      const other = this.records.get(dep);
      if (!other) return `It needs plugin "${dep}", which is not in plugins.json`;
      if (!other.entry.enabled) return `It needs plugin "${dep}", which is disabled`;
      if (other.state === 'failed') return `It needs plugin "${dep}", which failed to start`;
      if (other.state !== 'running') return `It needs plugin "${dep}", which is not running`;
    }
    return undefined;
  }

  /** True while some required dependency is enabled and could still come up (not failed, no cycle back to us). */
  private dependencyMayStillStart(record: PluginRecord, seen = new Set<string>()): boolean {
    seen.add(record.id);
    for (const dep of record.pkg?.manifest.dependencies ?? []) {
      const other = this.records.get(dep);
      if (!other || !other.entry.enabled || other.state === 'failed' || other.loadError) continue;
      if (other.state === 'running') continue;
      if (seen.has(dep)) continue; // a cycle: cannot start
      if (!this.missingDependency(other) || this.dependencyMayStillStart(other, seen)) return true;
    }
    return false;
  }

  /** Writes settings upgraded by migrateConfig back to plugins.json (record first, so the watcher sees no change). */
  private async keepUpgradedConfig(record: PluginRecord, config: Record<string, unknown>, to: number, log: Logger, from: number): Promise<void> {
    record.entry = { ...record.entry, config, configVersion: to };
    if (this.deps.pluginsFile) {
      await updatePluginsFile(this.deps.pluginsFile, (data) => {
        const entry = data.plugins?.[record.id];
        if (!entry) return;
        entry.config = config;
        entry.configVersion = to;
      });
    }
    log.info({ from, to }, `settings upgraded from version ${from} to ${to}`);
  }

  private async start(record: PluginRecord): Promise<void> {
    const { id } = record;
    const log = this.deps.log.child({ plugin: id });
    if (record.loadError || !record.definition || !record.pkg) {
      await this.setState(record, 'failed', record.loadError ?? 'It could not be loaded');
      return;
    }
    const missing = this.missingDependency(record);
    if (missing) {
      const cyclic = (record.pkg.manifest.dependencies ?? []).some((d) => this.dependsOn(d, id));
      await this.setState(record, 'failed', cyclic ? `${missing}: the two depend on each other (a cycle)` : missing);
      record.blockedByDependency = true;
      return;
    }
    record.blockedByDependency = false;
    const frozeReason = this.frozen.get(id);
    if (frozeReason) {
      log.error({ reason: frozeReason }, 'plugin kept off: it froze the portal last time');
      await this.setState(record, 'failed', frozeReason);
      return;
    }
    await this.setState(record, 'starting', null);
    let config: Record<string, unknown>;
    try {
      const upgraded = upgradeConfig(record.entry, record.definition);
      config = resolvePluginConfig(upgraded?.config ?? record.entry.config, record.definition.configSchema, this.deps.pluginsFileDir, process.env, this.deps.decrypt);
      if (upgraded) await this.keepUpgradedConfig(record, upgraded.config, upgraded.to, log, upgraded.from);
    } catch (err) {
      log.error({ reason: (err as Error).message }, 'plugin not started: its settings are invalid');
      await this.setState(record, 'failed', (err as Error).message);
      return;
    }
    const abort = new AbortController();
    const container = this.container.createChildContainer();
    const { ctx, staged, seal } = createPluginContext({
      id,
      version: record.pkg.version,
      config,
      log,
      redis: this.deps.redis,
      redisPrefix: this.deps.redisPrefix,
      dataDir: join(this.deps.dataDir, 'plugins', id),
      emit: this.deps.emit,
      orm: this.deps.orm!,
      signal: abort.signal,
      container,
      declaredDependencies: [...record.pkg.manifest.dependencies, ...record.pkg.manifest.optionalDependencies],
      isRunning: (other) => this.records.get(other)?.state === 'running',
      secrets: this.deps.encrypt && this.deps.decrypt ? { seal: this.deps.encrypt, open: this.deps.decrypt } : undefined,
      endUserSessions: this.deps.endUserSessions,
    });
    container.register('PluginContext', { useValue: ctx });

    const scope = this.scopeOf(record, log);
    let crashed!: (err: Error) => void;
    const crash = new Promise<never>((_, reject) => { crashed = reject; });
    crash.catch(() => {});
    record.crashedWhileStarting = crashed;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        inPlugin(scope('register()'), () => Promise.resolve().then(() => record.definition!.register(ctx))),
        crash,
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`register() did not finish within ${this.deps.startTimeoutMs / 1000} s`)), this.deps.startTimeoutMs);
        }),
      ]);
      const undeclared = staged.routes.map((r) => r.options.permission).filter((p): p is string => !!p && !record.pkg!.manifest.permissions.includes(p));
      if (undeclared.length) throw new Error(`register() uses permissions its package.json does not declare in medianest.permissions: ${[...new Set(undeclared)].join(', ')}`);
      const middleware = this.buildRouter(id, staged.routes, abort.signal, scope);
      this.checkUi(record, [...staged.widgets, ...staged.pages, ...staged.settings], staged.widgets);
      seal('register() has finished; register everything inside register()');
      this.commit(id, staged, log, scope);
      record.crashedWhileStarting = undefined;
      record.running = { reg: staged, abort, container, middleware, scope };
      await this.setState(record, 'running', null);
      log.info({ version: record.pkg.version, routes: staged.routes.length, jobs: staged.jobs.length + staged.schedules.length }, 'plugin started');
    } catch (err) {
      const message = (err as Error)?.message ?? String(err);
      seal(`register() failed (${message})`);
      abort.abort(new Error('plugin failed to start'));
      record.crashedWhileStarting = undefined;
      await this.runStopHooks(id, staged, log, scope);
      log.error({ err }, 'plugin failed to start');
      await this.setState(record, 'failed', message.startsWith('register()') ? message : `register() threw: ${message}`);
    } finally {
      clearTimeout(timer);
    }
  }

  private dependsOn(from: string, target: string, seen = new Set<string>()): boolean {
    if (from === target) return true;
    if (seen.has(from)) return false;
    seen.add(from);
    return (this.records.get(from)?.pkg?.manifest.dependencies ?? []).some((d) => this.dependsOn(d, target, seen));
  }

  /** Scopes for a plugin's code; a fault raised in one stops the plugin as failed. */
  private scopeOf(record: PluginRecord, log: Logger): (where: string) => PluginScope {
    const fault = (where: string) => (err: unknown, kind: Parameters<PluginScope['fault']>[1]) => this.crashed(record, log, err, kind, where);
    return (where) => ({ pluginId: record.id, where, fault: fault(where) });
  }

  /** A plugin's code raised an error nothing caught (or tried to end the process): log it with the
   *  plugin's id, fail a start in progress, or stop the running plugin as failed with the reason. */
  private crashed(record: PluginRecord, log: Logger, err: unknown, kind: Parameters<PluginScope['fault']>[1], where: string): void {
    const reason = crashReason(err, kind, where);
    const starting = record.crashedWhileStarting;
    const running = record.state === 'running' && record.running;
    if (!this.crashes || this.crashes.shouldLog(record.id, !!(starting || running))) log.error({ err, kind, where }, `plugin crashed: ${reason}`);
    if (starting) {
      record.crashedWhileStarting = undefined;
      starting(new Error(`register() crashed: ${reason}`));
      return;
    }
    if (!running) return;
    const next = this.queue.then(() => (record.running === running ? this.stop(record, `It crashed: ${reason}. Fix or update the plugin, then enable it again`, 'failed') : undefined));
    this.queue = next.catch((e) => log.warn({ err: e }, 'stopping a crashed plugin failed'));
  }

  private buildRouter(id: string, routes: RouteDef[], signal: AbortSignal, scope: (where: string) => PluginScope): Koa.Middleware {
    const router = new Router({ prefix: `/api/plugins/${id}` });
    for (const def of routes) {
      let mw: Koa.Middleware;
      try {
        mw = compileRoute(def, { pluginId: id, signal, can: this.deps.can, limit: this.deps.limit, scope: scope(`${def.method} /api/plugins/${id}${def.path}`) });
      } catch (err) {
        throw new Error(`route ${def.method} ${def.path}: ${(err as Error).message}`);
      }
      router.register(def.path, [def.method], mw as any);
    }
    const routesMw = router.routes() as unknown as Koa.Middleware;
    // Paths without parameters skip the router walk: a map lookup (the router still answers 405s).
    const fixed = new Map<string, Koa.Middleware>();
    for (const def of routes) {
      if (def.path.includes(':')) continue;
      const full = `/api/plugins/${id}${def.path}`;
      const mw = compileRoute(def, { pluginId: id, signal, can: this.deps.can, limit: this.deps.limit, scope: scope(`${def.method} ${full}`) });
      fixed.set(`${def.method} ${full}`, mw);
      if (def.method === 'GET') fixed.set(`HEAD ${full}`, mw);
    }
    return (ctx, next) => {
      const path = ctx.path;
      const mw = fixed.get(`${ctx.method} ${path}`);
      if (mw) {
        (ctx as unknown as { _matchedRoute: string })._matchedRoute = path;
        return mw(ctx, next);
      }
      return routesMw(ctx, async () => {
        refuseOtherMethods(router, ctx);
        return next();
      });
    };
  }

  private checkUi(record: PluginRecord, pieces: Array<{ module: string }>, widgets: WidgetDecl[]): void {
    for (const w of pieces) {
      if (!/^ui\/[A-Za-z0-9_./-]+\.js$/.test(w.module) || w.module.includes('..')) {
        throw new Error(`UI module "${w.module}" must be a .js file under the plugin's ui/ folder`);
      }
    }
    for (const w of widgets) {
      try {
        widgetSize(w.size);
      } catch (err) {
        throw new Error(`<${w.tag}>: ${(err as Error).message}`);
      }
    }
  }

  private commit(id: string, reg: Registrations, log: Logger, scope: (where: string) => PluginScope): void {
    const scoped = <D, R>(where: string, handler: JobHandler<D, R>): JobHandler<D, R> => {
      const s = scope(where);
      return (job) => inPlugin(s, () => handler(job));
    };
    for (const job of reg.jobs) job.bind(this.deps.jobs.define(id, job.name, scoped(`job ${job.name}`, job.handler), job.options, log));
    for (const s of reg.schedules) this.deps.jobs.every(id, s.name, s.interval, scoped(`job ${s.name}`, s.handler), s.options, log);
    for (const [token, service] of reg.services) {
      this.provided.set(token, service);
      if (!this.container.isRegistered(token)) this.container.register(token, { useFactory: () => this.provided.get(token) });
    }
  }

  private async stop(record: PluginRecord, reason: string, finalState: PluginState = 'disabled'): Promise<void> {
    const running = record.running;
    if (!running) {
      if (record.state === 'failed' && finalState === 'disabled') await this.setState(record, 'disabled', null);
      return;
    }
    const log = this.deps.log.child({ plugin: record.id });
    await this.setState(record, 'stopping', reason);
    record.running = undefined;
    running.abort.abort(new Error(`plugin stopped: ${reason}`));
    for (const job of running.reg.jobs) job.bind(undefined);
    try {
      await this.deps.jobs.stopPlugin(record.id);
    } catch (err) {
      log.warn({ err }, 'stopping the plugin\'s jobs failed');
    }
    await this.runStopHooks(record.id, running.reg, log, running.scope);
    for (const token of running.reg.services.keys()) this.provided.delete(token);
    await this.setState(record, finalState, finalState === 'disabled' ? null : reason);
    log.info({ reason }, 'plugin stopped');
  }

  private async runStopHooks(id: string, reg: Registrations, log: Logger, scope: (where: string) => PluginScope): Promise<void> {
    const s = scope('a stop hook');
    for (const hook of reg.stopHooks.reverse()) {
      try {
        await Promise.race([inPlugin(s, () => Promise.resolve().then(hook)), new Promise((r) => setTimeout(r, 5000).unref())]);
      } catch (err) {
        log.warn({ err }, 'a stop hook threw');
      }
    }
  }

  private async setState(record: PluginRecord, state: PluginState, reason: string | null): Promise<void> {
    const before = record.state;
    record.state = state;
    record.reason = reason;
    if (state === 'starting' || state === 'stopping') return;
    if (before !== state || reason) {
      this.deps.emit(ROOM_ALL, 'core.plugins.changed', { id: record.id, state });
      const orm = this.deps.orm;
      if (orm && !this.closed) {
        try {
          const em = orm.em.fork();
          em.create(PluginEvent, { pluginId: record.id, state, reason } as any);
          await em.flush();
        } catch (err) {
          this.deps.log.warn({ err, plugin: record.id }, 'could not record the plugin state change');
        }
      }
    }
  }

  /** The router of a running plugin, or undefined. */
  middleware(id: string): Koa.Middleware | undefined {
    return this.records.get(id)?.running?.middleware;
  }

  running(): PluginRecord[] {
    return [...this.records.values()].filter((r) => r.state === 'running' && r.running);
  }

  /** Runs every running plugin's health checks at once; one still running after half a second is
   *  shown by its last result (marked pending) and finishes in the background. */
  async checks(): Promise<Array<{ id: string; state: PluginState; checks: ShownResult[] }>> {
    return Promise.all(
      [...this.records.values()].map(async (r) => ({
        id: r.id,
        state: r.state,
        checks: r.running ? await Promise.all(r.running.reg.checks.map((c: CheckDecl) => this.background.result(c, () => inPlugin(r.running!.scope(`health check ${c.name}`), () => runCheck(c))))) : [],
      })),
    );
  }

  /** Widgets and pages of running plugins this user may see, with module URLs the browser can import. */
  uiManifest(user: User | null) {
    const widgets = [];
    const pages = [];
    const settings = [];
    const sees = (auth: AuthLevel = 'user') => auth === 'public' || (auth === 'user' && !!user) || user?.role === 'admin';
    for (const r of this.running()) {
      const base = `/plugins/${r.id}/${r.pkg!.version}/`;
      for (const w of r.running!.reg.widgets) {
        if (!sees(w.auth)) continue;
        widgets.push({ plugin: r.id, tag: w.tag, title: w.title, module: base + w.module, slot: w.slot ?? 'dashboard', size: widgetSize(w.size) });
      }
      for (const p of r.running!.reg.pages) {
        if (!sees(p.auth)) continue;
        pages.push({ plugin: r.id, tag: p.tag, title: p.title, module: base + p.module, path: p.path ?? '' });
      }
      if (user?.role === 'admin') for (const s of r.running!.reg.settings) settings.push({ plugin: r.id, tag: s.tag, module: base + s.module });
    }
    return { widgets, pages, settings };
  }

  /** Where a plugin's files are, for serving its UI modules. */
  asset(id: string): { dir: string; version: string } | undefined {
    const r = this.records.get(id);
    return r?.running && r.pkg ? { dir: r.pkg.dir, version: r.pkg.version } : undefined;
  }

  /** Stops every plugin (shutdown). */
  async close(): Promise<void> {
    await this.queue;
    this.closed = true;
    for (const record of [...this.records.values()].reverse()) await this.stop(record, 'shutting down');
  }
}
