import { randomUUID } from 'node:crypto';
import type Koa from 'koa';
import type { Logger } from 'pino';
import type { User } from '@medianest/sdk';
import { isHttpError } from '@medianest/sdk';
import { sessionIdFromCookie, type SessionStore } from '../auth/sessions.js';
import { HttpProblem } from './problem.js';
import type { RequestState } from './route.js';

const SAFE_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** Per-request state: the request id, a logger and the signed-in user, each made only when first used. */
class State implements RequestState {
  pluginId?: string;
  private childLog?: Logger;
  private userLookup?: Promise<User | null>;

  constructor(readonly requestId: string, private readonly baseLog: Logger, private readonly sessions: SessionStore, private readonly cookie: string) {}

  get log(): Logger {
    return (this.childLog ??= this.baseLog.child({ requestId: this.requestId }));
  }

  user(): Promise<User | null> {
    return (this.userLookup ??= this.cookie ? this.sessions.user(sessionIdFromCookie(this.cookie)) : Promise.resolve(null));
  }
}

/** Gives each request an id, a lazily resolved user and a logger; logs the outcome. */
export function requestContext(log: Logger, sessions: SessionStore): Koa.Middleware {
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    const requestId = incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
    ctx.set('X-Request-Id', requestId);
    ctx.state = new State(requestId, log, sessions, ctx.get('cookie'));
    const started = performance.now();
    try {
      await next();
    } finally {
      if (ctx.status >= 400 || log.isLevelEnabled('debug')) {
        const line = { method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round((performance.now() - started) * 10) / 10, requestId };
        if (ctx.status >= 500) log.error(line, 'request failed');
        else if (ctx.status >= 400) log.info(line, 'request refused');
        else log.debug(line, 'request');
      }
    }
  };
}

/** Turns every error into a JSON body `{ error, requestId, details? }`; 500s hide their cause. */
export function errorBodies(): Koa.Middleware {
  return async (ctx, next) => {
    const state = ctx.state as RequestState;
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined && ctx.path.startsWith('/api/')) {
        ctx.status = 404;
        ctx.body = { error: `No route ${ctx.method} ${ctx.path}`, requestId: state.requestId };
      }
    } catch (err) {
      const e = err as any;
      let status = 500;
      let message = 'Something went wrong on our side; the request id helps an admin find it in the logs';
      let details: unknown;
      if (isHttpError(e) || e instanceof HttpProblem) {
        status = e.status;
        message = e.message;
        details = e.details;
        for (const [k, v] of Object.entries(e.headers ?? {})) ctx.set(k, v as string);
      } else if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && e.expose) {
        status = e.status; // koa / body parser client errors, e.g. malformed JSON
        message = e.status === 400 ? `Invalid request body: ${e.message}` : e.message;
      }
      if (status >= 500) state.log.error({ err: e, plugin: ctx.state.pluginId }, 'request handler threw');
      ctx.status = status;
      ctx.body = details === undefined ? { error: message, requestId: state.requestId } : { error: message, details, requestId: state.requestId };
    }
  };
}
