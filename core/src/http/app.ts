import Koa from 'koa';
import Router from '@koa/router';
import type { Logger } from 'pino';
import type { SessionStore } from '../auth/sessions.js';
import type { Metrics } from '../metrics.js';
import type { PluginHost } from '../plugins/plugin-host.js';
import { logRequest, notFound, renderError, startRequest } from './request-context.js';
import { compileRoute, type RequestState, type RouteDef } from './route.js';
import { HttpProblem } from './problem.js';
import { securityHeaders } from './security-headers.js';
import { sendAnswer } from './answer.js';
import { parseJsonBody } from './json-body.js';
import { refuseOtherMethods } from './allowed-methods.js';
import { checkCsrf } from '../auth/csrf.js';
import { PortalKoa } from './portal-koa.js';
import type { User } from '@medianest/sdk';
import type { ApiTokens } from '../auth/api-tokens.js';

export interface AppDeps {
  log: Logger;
  sessions: SessionStore;
  metrics: Metrics;
  host: PluginHost;
  coreRoutes: RouteDef[];
  ui: { middleware: Koa.Middleware; scriptHashes: string[] };
  /** Behind TLS: HSTS and upgrade-insecure-requests. */
  secure: boolean;
  /** Trust X-Forwarded-* from the reverse proxy (nginx). */
  proxy: boolean;
  /** Counts a signed-in user's API call against their rate limit (undefined: counted without waiting). */
  limitUser?: (user: User) => Promise<void> | void;
  /** Resolves personal API tokens. */
  tokens?: ApiTokens;
}

const PLUGIN_PATH = /^\/api\/plugins\/([a-z][a-z0-9-]{1,39})(\/|$)/;

/**
 * The Koa app, as one middleware: request id and state, security headers, then the first of core
 * routes, plugin routes, /metrics and the UI that answers; errors become JSON bodies; the answer is
 * sent (a route's JSON in one write, see answer.ts); latency is recorded. One level instead of a chain
 * of ten keeps the per-request cost near bare Koa's.
 */
export function createApp(deps: AppDeps): Koa {
  // Behind one proxy the client is the last X-Forwarded-For address: the one nginx added.
  const app = new PortalKoa({ proxy: deps.proxy, maxIpsCount: 1 });
  app.silent = true; // errors are logged by renderError with the request id

  const core = exactRoutes(deps.coreRoutes);
  const headers = securityHeaders(deps.ui.scriptHashes, deps.secure);
  const none = async () => {};

  const dispatch = async (ctx: Koa.Context): Promise<void> => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') await parseJsonBody(ctx);
    // Plugin paths first: they are namespaced, and the hot ones should not walk the core's router.
    const plugin = PLUGIN_PATH.exec(ctx.path);
    if (plugin) {
      const mw = deps.host.middleware(plugin[1]!);
      if (!mw) {
        if (deps.host.records.get(plugin[1]!)?.state === 'starting' || (!deps.host.pluginsStarted && deps.host.records.get(plugin[1]!)?.entry.enabled)) {
          throw new HttpProblem(503, 'This part of MediaNest is still starting; try again in a few seconds', undefined, { 'Retry-After': '5' });
        }
        throw new HttpProblem(404, `Plugin "${plugin[1]}" is not running`);
      }
      (ctx.state as RequestState).pluginId = plugin[1];
      return mw(ctx, none);
    }
    if (await core(ctx)) return;
    if (ctx.path === '/metrics' && ctx.method === 'GET') {
      ctx.type = deps.metrics.registry.contentType;
      ctx.body = await deps.metrics.registry.metrics();
      return;
    }
    return deps.ui.middleware(ctx, none);
  };

  app.use(async (ctx) => {
    const started = performance.now();
    const state = startRequest(ctx, deps.log, deps.sessions, deps.secure, deps.limitUser, deps.tokens);
    try {
      const helmeted = headers(ctx, state.answer);
      if (helmeted) await helmeted;
      const csrf = checkCsrf(ctx, deps.secure);
      if (csrf) await csrf;
      await dispatch(ctx);
      if (ctx.body === undefined && state.answer.json === undefined && ctx.status === 404 && ctx.path.startsWith('/api/')) notFound(ctx);
    } catch (err) {
      state.answer.json = undefined;
      renderError(ctx, err);
    } finally {
      sendAnswer(ctx, state.answer);
      deps.metrics.observe(ctx, started);
      logRequest(ctx, deps.log, started);
    }
  });
  return app;
}

/** The core's routes: fixed paths by one map lookup, the few with parameters through @koa/router. */
function exactRoutes(defs: RouteDef[]): (ctx: Koa.Context) => Promise<boolean> {
  const byPath = new Map<string, Map<string, Koa.Middleware>>();
  const router = new Router();
  for (const def of defs) {
    if (def.path.includes(':')) {
      router.register(def.path, [def.method], compileRoute(def, {}) as any);
      continue;
    }
    const methods = byPath.get(def.path) ?? new Map<string, Koa.Middleware>();
    methods.set(def.method, compileRoute(def, {}));
    if (def.method === 'GET') methods.set('HEAD', methods.get('GET')!);
    byPath.set(def.path, methods);
  }
  const routed = router.routes() as unknown as Koa.Middleware;
  const none = async () => {};
  return async (ctx) => {
    const methods = byPath.get(ctx.path);
    if (!methods) {
      let unmatched = false;
      await routed(ctx, async () => {
        unmatched = true;
        refuseOtherMethods(router, ctx);
      });
      return !unmatched;
    }
    const mw = methods.get(ctx.method);
    (ctx as unknown as { _matchedRoute: string })._matchedRoute = ctx.path;
    if (!mw) {
      const allow = [...methods.keys()];
      ctx.set('Allow', allow.join(', '));
      throw new HttpProblem(405, `${ctx.method} is not allowed here; use ${allow.join(' or ')}`);
    }
    await mw(ctx, none);
    return true;
  };
}
