import { randomUUID } from 'node:crypto';
import type Koa from 'koa';
import type { Logger } from 'pino';
import type { User } from '@medianest/sdk';
import { isHttpError } from '@medianest/sdk';
import { sessionIdFromCookie, type SessionStore } from '../auth/sessions.js';
import { HttpProblem } from './problem.js';
import type { RequestState } from './route.js';

const SAFE_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** Gives each request an id, a lazily resolved user and a logger; logs the outcome. */
export function requestContext(log: Logger, sessions: SessionStore): Koa.Middleware {
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    const requestId = SAFE_ID.test(incoming) ? incoming : randomUUID();
    ctx.set('X-Request-Id', requestId);
    let child: Logger | undefined;
    let user: Promise<User | null> | undefined;
    const state = ctx.state as RequestState;
    state.requestId = requestId;
    Object.defineProperty(state, 'log', { get: () => (child ??= log.child({ requestId })), configurable: true });
    state.user = () => (user ??= sessions.user(sessionIdFromCookie(ctx.get('cookie'))));
    const started = performance.now();
    try {
      await next();
    } finally {
      const ms = Math.round((performance.now() - started) * 10) / 10;
      const line = { method: ctx.method, path: ctx.path, status: ctx.status, ms, requestId };
      if (ctx.status >= 500) log.error(line, 'request failed');
      else if (ctx.status >= 400) log.info(line, 'request refused');
      else log.debug(line, 'request');
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
