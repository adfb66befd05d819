import type Koa from 'koa';
import type { Logger } from 'pino';
import { isReply, type RouteHandler, type RouteOptions, type User } from '@medianest/sdk';
import type { ValidateFunction } from 'ajv';
import { createAjv, describeErrors, fieldErrors } from '../validation/ajv.js';
import { HttpProblem } from './problem.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A route as declared by a plugin or by the core. */
export interface RouteDef {
  method: Method;
  /** Path relative to the owner's prefix, with `:name` parameters. */
  path: string;
  options: RouteOptions;
  handler: RouteHandler;
}

/** What the request pipeline leaves on `ctx.state` for routes. */
export interface RequestState {
  requestId: string;
  log: Logger;
  /** Resolves the signed-in user once per request. */
  user(): Promise<User | null>;
  /** The plugin whose route is running, for error logs. */
  pluginId?: string;
}

const bodyAjv = createAjv();
const queryAjv = createAjv({ coerceTypes: 'array' });
const responseAjv = createAjv({ useDefaults: false });
const AUTH_LEVELS = ['public', 'user', 'admin'];

function compile(ajv: typeof bodyAjv, schema: object | undefined, what: string): ValidateFunction | undefined {
  if (!schema) return undefined;
  try {
    return ajv.compile(schema);
  } catch (err) {
    throw new Error(`the ${what} schema is invalid: ${(err as Error).message}`);
  }
}

/** Builds the Koa middleware that enforces auth, validates, calls the handler and shapes the answer. */
export function compileRoute(def: RouteDef, owner: { pluginId?: string; signal?: AbortSignal }): Koa.Middleware {
  const { options } = def;
  if (!options || !AUTH_LEVELS.includes(options.auth)) {
    throw new Error(`route ${def.method} ${def.path} must declare auth: 'public', 'user' or 'admin'`);
  }
  const params = compile(bodyAjv, options.params, 'params');
  const query = compile(queryAjv, options.query, 'query');
  const body = compile(bodyAjv, options.body, 'body');
  const response = compile(responseAjv, options.response, 'response');
  const hasBody = def.method !== 'GET' && def.method !== 'DELETE';

  return async (ctx) => {
    const state = ctx.state as RequestState;
    const user = options.auth === 'public' ? await state.user().catch(() => null) : await state.user();
    if (options.auth !== 'public' && !user) throw new HttpProblem(401, 'Sign in to use this');
    if (options.auth === 'admin' && user?.role !== 'admin') throw new HttpProblem(403, 'Only admins may do this');

    const errors = [];
    const p = { ...(ctx as any).params };
    if (params && !params(p)) errors.push(...fieldErrors('params', params.errors));
    const q = { ...ctx.query } as Record<string, unknown>;
    if (query && !query(q)) errors.push(...fieldErrors('query', query.errors));
    let b: unknown = hasBody ? (ctx.request as any).body : undefined;
    if (hasBody && body) {
      if (b === undefined) b = {};
      if (!body(b)) errors.push(...fieldErrors('body', body.errors));
    }
    if (errors.length) throw new HttpProblem(400, `Invalid request: ${describeErrors(errors)}`, errors);

    // The abort signal costs a listener and an AbortSignal.any per request: make it only if the handler reads it.
    let signal: AbortSignal | undefined;
    let release: (() => void) | undefined;
    const request = {
      params: p,
      query: q,
      body: b,
      user,
      requestId: state.requestId,
      get log() { return state.log; },
      get signal() {
        if (!signal) {
          const abort = new AbortController();
          const onClose = () => { if (!ctx.res.writableFinished) abort.abort(new Error('client went away')); };
          ctx.req.once('close', onClose);
          release = () => ctx.req.off('close', onClose);
          signal = owner.signal ? AbortSignal.any([abort.signal, owner.signal]) : abort.signal;
        }
        return signal;
      },
    };
    let result: unknown;
    try {
      result = await def.handler(request as any);
    } finally {
      release?.();
    }

    let status = options.status ?? 200;
    let payload = result;
    if (isReply(result)) {
      status = result.status;
      payload = result.body;
      for (const [k, v] of Object.entries(result.headers)) ctx.set(k, v);
    }
    if (payload === undefined) {
      ctx.status = status === 200 ? 204 : status;
      return;
    }
    if (response && status < 300 && !response(payload)) {
      state.log.error({ errors: fieldErrors('response', response.errors) }, 'route answer does not match its response schema');
      throw new Error('The answer did not match its declared response schema');
    }
    ctx.status = status;
    ctx.body = payload;
  };
}

/** `:id` → `{id}` for OpenAPI. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}
