import Koa from 'koa';
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import helmet from 'koa-helmet';
import type { Logger } from 'pino';
import type { SessionStore } from '../auth/sessions.js';
import type { Metrics } from '../metrics.js';
import type { PluginHost } from '../plugins/plugin-host.js';
import { errorBodies, requestContext } from './request-context.js';
import { compileRoute, type RouteDef } from './route.js';
import { HttpProblem } from './problem.js';

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
}

const PLUGIN_PATH = /^\/api\/plugins\/([a-z][a-z0-9-]{1,39})(\/|$)/;

/** The Koa app: request id and log, error bodies, helmet, body parsing, core routes, plugin routes, UI. */
export function createApp(deps: AppDeps): Koa {
  const app = new Koa({ proxy: deps.proxy });
  app.silent = true; // errors are logged by errorBodies with the request id

  const core = new Router();
  for (const def of deps.coreRoutes) core.register(def.path, [def.method], compileRoute(def, {}) as any);

  app.use(deps.metrics.middleware());
  app.use(requestContext(deps.log, deps.sessions));
  app.use(errorBodies());
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", ...deps.ui.scriptHashes.map((h) => `'${h}'`)],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'https:'],
          connectSrc: ["'self'"],
          fontSrc: ["'self'", 'data:'],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          ...(deps.secure ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: deps.secure ? undefined : false,
    }) as Koa.Middleware,
  );
  app.use(
    bodyParser({
      enableTypes: ['json'],
      jsonLimit: '1mb',
      encoding: 'utf-8',
      onError: (err: Error & { status?: number }) => {
        if (err.status === 413) throw new HttpProblem(413, 'The request body is larger than 1 MB');
        throw new HttpProblem(400, `Invalid request body: ${err.message}`);
      },
    }) as unknown as Koa.Middleware,
  );
  app.use(core.routes() as unknown as Koa.Middleware);
  app.use(async (ctx, next) => {
    const match = PLUGIN_PATH.exec(ctx.path);
    if (!match) return next();
    const mw = deps.host.middleware(match[1]!);
    if (!mw) {
      ctx.status = 404;
      ctx.body = { error: `Plugin "${match[1]}" is not running`, requestId: (ctx.state as any).requestId };
      return;
    }
    ctx.state.pluginId = match[1];
    return mw(ctx, next);
  });
  app.use(async (ctx, next) => {
    if (ctx.path !== '/metrics' || ctx.method !== 'GET') return next();
    ctx.type = deps.metrics.registry.contentType;
    ctx.body = await deps.metrics.registry.metrics();
  });
  app.use(deps.ui.middleware);
  return app;
}
