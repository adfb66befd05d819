import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { DependencyContainer } from 'tsyringe';
import {
  toMs, type Cache, type Duration, type JobQueue, type PluginContext, type RouteHandler, type RouteOptions,
} from '@medianest/sdk';
import type { Method } from '../http/route.js';
import { checkJobDefinition } from '../jobs/job-system.js';
import { ROOM_ADMINS, ROOM_ALL, ROOM_USERS, userRoom, type Emit } from '../realtime/rooms.js';
import { createPluginHttp } from './plugin-http.js';
import { emptyRegistrations, type Registrations } from './registrations.js';

export interface ContextDeps {
  id: string;
  version: string;
  config: Record<string, unknown>;
  log: Logger;
  redis: Redis;
  redisPrefix: string;
  /** The plugin's own folder under the data directory. */
  dataDir: string;
  emit: Emit;
  orm: MikroORM;
  signal: AbortSignal;
  /** The plugin's child container; provided services live in its parent (the root). */
  container: DependencyContainer;
  /** Plugin ids this plugin declared it needs or can use. */
  declaredDependencies: string[];
  /** Whether the providing plugin is running now. */
  isRunning(pluginId: string): boolean;
  /** Seals and opens secrets with the portal's key. */
  secrets?: { seal(plain: string): string; open(sealed: string): string };
  /** Ends every session of a user; resolves to how many. */
  endUserSessions?: (userId: string) => Promise<number>;
}

const NAME = /^[a-z][a-zA-Z0-9-]{0,63}$/;

/** Builds a plugin's context; calls made during register() are staged, calls after `seal()` are refused. */
export function createPluginContext(deps: ContextDeps): { ctx: PluginContext<any>; staged: Registrations; seal(reason: string): void } {
  const staged = emptyRegistrations();
  let sealed: string | undefined;
  const { id } = deps;

  const open = (what: string) => {
    if (sealed) throw new Error(`${id}: cannot ${what} now: ${sealed}`);
  };
  const checkName = (kind: string, name: string) => {
    if (!NAME.test(name)) throw new Error(`${id}: invalid ${kind} name "${name}": letters, digits and dashes, starting with a letter`);
  };
  const route = (method: Method) => (path: string, options: RouteOptions, handler: RouteHandler) => {
    open('add routes');
    if (!path.startsWith('/')) throw new Error(`${id}: route path "${path}" must start with /`);
    if (typeof handler !== 'function') throw new Error(`${id}: route ${method} ${path} has no handler`);
    if (staged.routes.some((r) => r.method === method && r.path === path)) throw new Error(`${id}: route ${method} ${path} is registered twice`);
    staged.routes.push({ method, path, options, handler });
  };
  const tagCheck = (tag: string) => {
    if (!tag.startsWith(`mn-${id}-`)) throw new Error(`${id}: element tag "${tag}" must start with "mn-${id}-"`);
  };
  const cacheKey = (key: string) => `${deps.redisPrefix}cache:${id}:${key}`;

  const memos = new Map<string, { until: number; value: Promise<unknown> }>();
  const cache: Cache = {
    async get<T>(key: string) {
      const raw = await deps.redis.get(cacheKey(key));
      return raw === null ? undefined : (JSON.parse(raw) as T);
    },
    async set(key: string, value: unknown, ttl?: Duration) {
      const raw = JSON.stringify(value);
      if (ttl === undefined) await deps.redis.set(cacheKey(key), raw);
      else await deps.redis.set(cacheKey(key), raw, 'PX', Math.max(1, toMs(ttl)));
    },
    async del(key: string) {
      await deps.redis.del(cacheKey(key));
    },
    async wrap<T>(key: string, ttl: Duration, load: () => Promise<T>) {
      const hit = await cache.get<T>(key);
      if (hit !== undefined) return hit;
      const value = await load();
      await cache.set(key, value, ttl);
      return value;
    },
    memo<T>(key: string, maxAge: Duration, load: () => Promise<T>) {
      const now = Date.now();
      const hit = memos.get(key);
      if (hit && hit.until > now) return hit.value as Promise<T>;
      const value = load();
      memos.set(key, { until: now + toMs(maxAge), value });
      value.catch(() => memos.delete(key)); // a failed load is not remembered
      return value;
    },
  };

  const http = createPluginHttp(deps.signal);

  const ctx: PluginContext<any> = {
    id,
    version: deps.version,
    config: deps.config,
    dataDir: deps.dataDir,
    log: deps.log as any,
    signal: deps.signal,
    routes: { get: route('GET'), post: route('POST'), put: route('PUT'), patch: route('PATCH'), delete: route('DELETE') },
    jobs: {
      define(name, handler, options = {}) {
        open('define jobs');
        checkName('queue', name);
        checkJobDefinition(id, name, options);
        if (staged.jobs.some((j) => j.name === name) || staged.schedules.some((s) => s.name === name)) throw new Error(`${id}: queue "${name}" is defined twice`);
        let target: JobQueue<any> | undefined;
        let bound = false;
        const notReady = () => new Error(bound ? `${id}: plugin is stopped; queue "${name}" takes no jobs` : `${id}: queue "${name}" takes jobs once register() has finished`);
        const proxy: JobQueue<any> = {
          add: (data, opts) => (target ? target.add(data, opts) : Promise.reject(notReady())),
          counts: () => (target ? target.counts() : Promise.reject(notReady())),
        };
        staged.jobs.push({ name, handler, options, bind: (q) => { target = q; bound = true; } });
        return proxy;
      },
      every(name, interval, handler, options = {}) {
        open('define jobs');
        checkName('queue', name);
        checkJobDefinition(id, name, options, interval);
        if (staged.jobs.some((j) => j.name === name) || staged.schedules.some((s) => s.name === name)) throw new Error(`${id}: queue "${name}" is defined twice`);
        staged.schedules.push({ name, interval, handler, options });
      },
    },
    health: {
      check(name, run, options = {}) {
        open('add health checks');
        checkName('health check', name);
        staged.checks.push({ name, run, options });
      },
    },
    ui: {
      widget(tag, options) {
        open('add widgets');
        tagCheck(tag);
        staged.widgets.push({ tag, ...options });
      },
      page(tag, options) {
        open('add pages');
        tagCheck(tag);
        staged.pages.push({ tag, ...options });
      },
      settings(tag, options) {
        open('add settings pieces');
        tagCheck(tag);
        if (staged.settings.length) throw new Error(`${id}: only one settings piece per plugin`);
        staged.settings.push({ tag, module: options?.module });
      },
    },
    events: {
      toUser: (userId, event, data) => deps.emit(userRoom(userId), `${id}.${event}`, data),
      toAll: (event, data) => deps.emit(ROOM_ALL, `${id}.${event}`, data),
      toUsers: (event, data) => deps.emit(ROOM_USERS, `${id}.${event}`, data),
      toAdmins: (event, data) => deps.emit(ROOM_ADMINS, `${id}.${event}`, data),
    },
    cache,
    auth: {
      provider(definition) {
        open('add sign-in providers');
        checkName('sign-in provider', definition?.id ?? '');
        if (typeof definition.start !== 'function' || typeof definition.finish !== 'function') throw new Error(`${id}: sign-in provider "${definition.id}" needs start() and finish()`);
        if (staged.providers.some((p) => p.id === definition.id)) throw new Error(`${id}: sign-in provider "${definition.id}" is added twice`);
        staged.providers.push(definition);
      },
      async endSessions(userId) {
        if (!deps.endUserSessions) throw new Error(`${id}: this process cannot end sessions`);
        return deps.endUserSessions(String(userId));
      },
    },
    secrets: {
      seal(plain) {
        if (!deps.secrets) throw new Error(`${id}: no encryption key is loaded in this process`);
        return deps.secrets.seal(plain);
      },
      open(sealed) {
        if (!deps.secrets) throw new Error(`${id}: no encryption key is loaded in this process`);
        return deps.secrets.open(sealed);
      },
    },
    search: {
      provider(provider) {
        open('add a search provider');
        if (staged.search) throw new Error(`${id}: a plugin has one search provider; it is added twice`);
        if (typeof provider?.search !== 'function') throw new Error(`${id}: the search provider needs a search(query, context) function`);
        if (typeof provider.title !== 'string' || !provider.title.trim()) throw new Error(`${id}: the search provider needs a title (the heading of its results)`);
        if (provider.timeout !== undefined) toMs(provider.timeout); // throws on a bad duration now, not at the first search
        staged.search = provider;
      },
    },
    store: { em: () => deps.orm.em.fork() as any },
    http,
    provide(name, service) {
      open('provide services');
      checkName('service', name);
      staged.services.set(`${id}.${name}`, service);
    },
    use<T>(token: string): T {
      const found = ctx.useOptional<T>(token);
      if (found === undefined) throw new Error(`${id}: service "${token}" is not available (is its plugin enabled and running?)`);
      return found;
    },
    useOptional<T>(token: string): T | undefined {
      const owner = token.split('.')[0]!;
      if (owner !== id && !deps.declaredDependencies.includes(owner)) {
        throw new Error(`${id}: uses "${token}" but does not declare "${owner}" in medianest.dependencies or optionalDependencies`);
      }
      if (owner !== id && !deps.isRunning(owner)) return undefined;
      return deps.container.isRegistered(token, true) ? (deps.container.resolve<T>(token) ?? undefined) : undefined;
    },
    onStop(fn) {
      open('add stop hooks');
      staged.stopHooks.push(fn);
    },
  };
  return { ctx, staged, seal: (reason) => { sealed = reason; } };
}
