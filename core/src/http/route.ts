import type Koa from 'koa';
import type { Logger } from 'pino';
import { isReply, type RouteHandler, type RouteOptions, type RouteRequest, type User } from '@medianest/sdk';
import type { ValidateFunction } from 'ajv';
import { createAjv, fieldErrors } from '../validation/ajv.js';
import { describeForPeople, humanise, personErrors, type PersonError } from '../validation/messages.js';
import { HttpProblem } from './problem.js';
import { findUnsafeText, unsafeTextMessage } from '../validation/unsafe-text.js';
import { inPlugin, type PluginScope } from '../faults/plugin-scope.js';
import { isRedisUnavailable } from '../redis.js';
import type { Answer } from './answer.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A route as declared by a plugin or by the core. */
export interface RouteDef {
  method: Method;
  /** Path relative to the owner's prefix, with `:name` parameters. */
  path: string;
  options: RouteOptions;
  handler: RouteHandler;
  /** Core routes only: also answers a session that must choose a new password first (/api/me, signing out, changing it). */
  beforePasswordChange?: boolean;
}

/** What the request pipeline leaves on `ctx.state` for routes. */
export interface RequestState {
  requestId: string;
  log: Logger;
  /** Resolves the signed-in user once per request. */
  user(): Promise<User | null>;
  /** False when the request carries no session cookie at all. */
  readonly mayHaveSession: boolean;
  /** The session id the Cookie header carries, read once per request. */
  readonly sessionId: string | undefined;
  /** The plugin whose route is running, for error logs. */
  pluginId?: string;
  /** Counts a signed-in user's API call against their rate limit; throws a 429 past it. */
  limitUser?(user: User): Promise<void> | void;
  /** Once `user()` resolved: the session signed in with a temporary password and must choose its own first. */
  readonly mustChangePassword?: boolean;
  /** The pipeline's headers and a route's JSON, sent by `sendAnswer` once the request is handled. */
  readonly answer: Answer;
}

/** What a session that must choose a new password is told by every other route. */
export const CHOOSE_PASSWORD_FIRST = 'Choose a new password before you go on: you signed in with a temporary one';

/** Core routes (never plugins) read the Koa context through this key, e.g. to set cookies. */
export const KOA_CONTEXT = Symbol('medianest.koa-context');

const bodyAjv = createAjv();
const queryAjv = createAjv({ coerceTypes: 'array' });
// Answers are our own output: check their shape, skip the costly format regexes.
const responseAjv = createAjv({ useDefaults: false, validateFormats: false });
const AUTH_LEVELS = ['public', 'user', 'admin'];

// A route's schemas are checked against JSON Schema when it is registered, so a plugin with a broken
// schema fails to start, but compiled on the route's first call: most routes of a portal are rarely
// or never called in a process's life, and compiled validators were about 10 MB of its memory.
function compile(ajv: typeof bodyAjv, schema: object | undefined, what: string): ValidateFunction | undefined {
  if (!schema) return undefined;
  if (!ajv.validateSchema(schema)) throw new Error(`the ${what} schema is invalid: ${ajv.errorsText(ajv.errors)}`);
  let compiled: ValidateFunction | undefined;
  const validate = ((data: unknown) => {
    if (!compiled) {
      try {
        compiled = ajv.compile(schema);
      } catch (err) {
        throw new Error(`the ${what} schema is invalid: ${(err as Error).message}`);
      }
    }
    const valid = compiled(data);
    validate.errors = compiled.errors;
    return valid;
  }) as ValidateFunction;
  return validate;
}

/** Builds the Koa middleware that enforces auth, validates, calls the handler and shapes the answer. */
/** A public route treats an unreadable session as anonymous, but not while Redis is away: a
 *  signed-in person would be told they are signed out. */
function anonymousOnFailure(err: unknown): null {
  if (isRedisUnavailable(err)) throw err;
  return null;
}

export function compileRoute(
  def: RouteDef,
  owner: {
    pluginId?: string;
    signal?: AbortSignal;
    can?: (user: User, permission: string) => Promise<boolean>;
    /** Counts a call against a named limit; throws a 429 past it. */
    limit?: (key: string, limit: string) => Promise<void>;
    /** A plugin's async scope: what its handler starts is attributed to it. */
    scope?: PluginScope;
  },
): Koa.Middleware {
  const { options } = def;
  if (!options || !AUTH_LEVELS.includes(options.auth)) {
    throw new Error(`route ${def.method} ${def.path} must declare auth: 'public', 'user' or 'admin'`);
  }
  const params = compile(bodyAjv, options.params, 'params');
  const query = compile(queryAjv, options.query, 'query');
  const body = compile(bodyAjv, options.body, 'body');
  const response = compile(responseAjv, options.response, 'response');
  const hasBody = def.method !== 'GET' && def.method !== 'DELETE';
  const permission = options.permission;
  if (permission && options.auth === 'public') throw new Error(`a public route cannot require the permission "${permission}"`);
  if (permission && !owner.can) throw new Error(`permission "${permission}" cannot be checked here`);
  const rateLimit = options.rateLimit;
  if (rateLimit && !owner.limit) throw new Error(`the rate limit "${rateLimit}" cannot be applied here`);
  if (rateLimit && !/^\s*\d+\s*\/\s*\d*\s*(s|sec|second|m|min|minute|h|hour|d|day)\s*$/.test(rateLimit)) {
    throw new Error(`invalid rateLimit "${rateLimit}": use e.g. "5/hour", "30/min"`);
  }
  const limitKey = `route:${owner.pluginId ?? 'core'}:${def.method} ${def.path}`;
  const beforePasswordChange = def.beforePasswordChange === true && !owner.pluginId;

  return async (ctx) => {
    const state = ctx.state as RequestState;
    // Most public calls carry no session: skip the lookup (and its await) entirely then.
    let user = !state.mayHaveSession ? null : options.auth === 'public' ? await state.user().catch(anonymousOnFailure) : await state.user();
    // A temporary password's session may only choose its own: public routes see it as signed out, the rest refuse.
    if (user && state.mustChangePassword && !beforePasswordChange) {
      if (options.auth !== 'public') throw new HttpProblem(403, CHOOSE_PASSWORD_FIRST);
      user = null;
    }
    if (options.auth !== 'public' && !user) throw new HttpProblem(401, 'Sign in to use this');
    if (options.auth === 'admin' && user?.role !== 'admin') throw new HttpProblem(403, 'Only admins may do this');
    if (user && state.limitUser) {
      const counted = state.limitUser(user);
      if (counted) await counted;
    }
    if (permission && user!.role !== 'admin' && !(await owner.can!(user!, permission))) {
      throw new HttpProblem(403, `You need the permission "${permission}": ask an admin`);
    }
    if (rateLimit) await owner.limit!(`${limitKey}:${user ? `user:${user.id}` : `ip:${ctx.ip}`}`, rateLimit);

    // The router and Koa hand us fresh objects per request, so validation may coerce them in place.
    const p = ((ctx as unknown as { params?: Record<string, string> }).params ??= {});
    const q = query ? (ctx.query as Record<string, unknown>) : undefined;
    let b: unknown = hasBody ? (ctx.request as { body?: unknown }).body : undefined;
    if (hasBody && body && b === undefined) b = {};
    let errors: PersonError[] | undefined = unsafeText(p, ctx, b);
    if (errors) throw new HttpProblem(400, describeForPeople(errors), errors);
    if (params && !params(p)) (errors ??= []).push(...personErrors('params', params.errors, options.params));
    if (query && !query(q!)) (errors ??= []).push(...personErrors('query', query.errors, options.query));
    if (hasBody && body && !body(b)) (errors ??= []).push(...personErrors('body', body.errors, options.body));
    if (errors) throw new HttpProblem(400, describeForPeople(errors), errors);

    const request = new Request(ctx, state, p, q, b, user, owner.signal);
    let result: unknown;
    try {
      result = await (owner.scope ? inPlugin(owner.scope, () => def.handler(request)) : def.handler(request));
    } finally {
      request.release();
    }

    let status = options.status ?? 200;
    let payload = result;
    if (isReply(result)) {
      status = result.status;
      payload = result.body;
      // Cookies add to those the pipeline set (a refreshed session, a CSRF token); other headers replace.
      for (const [k, v] of Object.entries(result.headers)) {
        if (k.toLowerCase() === 'set-cookie') ctx.append(k, v);
        else ctx.set(k, v);
      }
    }
    if (payload === undefined) {
      ctx.status = status === 200 ? 204 : status;
      return;
    }
    if (payload instanceof Uint8Array) {
      // Bytes (an image, say) go out as they are, with the type the handler set.
      ctx.status = status;
      if (!ctx.response.get('Content-Type')) ctx.set('Content-Type', 'application/octet-stream');
      ctx.body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
      return;
    }
    if (response && status < 300 && !response(payload)) {
      state.log.error({ errors: fieldErrors('response', response.errors) }, 'route answer does not match its response schema');
      throw new Error('The answer did not match its declared response schema');
    }
    ctx.status = status;
    state.answer.json = JSON.stringify(payload);
  };
}

/** NUL bytes and unpaired surrogates, refused for every route before its schema runs: PostgreSQL
 *  cannot store the one and JSON cannot carry the other. The query is scanned only when its text
 *  holds an encoded NUL (a surrogate cannot arrive percent-encoded as UTF-8). */
function unsafeText(params: Record<string, string>, ctx: Koa.Context, body: unknown): PersonError[] | undefined {
  const where: Array<[string, unknown]> = [['params', params], ['body', body]];
  if (ctx.querystring.includes('%00')) where.push(['query', ctx.query]);
  for (const [part, value] of where) {
    const field = findUnsafeText(value);
    if (field) return [{ in: part, field, label: humanise(field.split('.').at(-1)!), rule: 'text', message: unsafeTextMessage() }];
  }
  return undefined;
}

/** The narrow request a handler sees. The abort signal costs a listener and an AbortSignal.any, so it is made only if read. */
class Request implements RouteRequest<any, any, any> {
  private abortSignal?: AbortSignal;
  private onClose?: () => void;

  constructor(
    private readonly ctx: Koa.Context,
    private readonly state: RequestState,
    readonly params: any,
    private readonly validatedQuery: any,
    readonly body: any,
    readonly user: User | null,
    private readonly ownerSignal: AbortSignal | undefined,
  ) {}

  /** Parsed only when read, unless a schema already validated it. */
  get query(): any {
    return this.validatedQuery ?? this.ctx.query;
  }

  get requestId(): string {
    return this.state.requestId;
  }

  /** The caller's address (X-Forwarded-For when TRUST_PROXY is on). */
  get ip(): string {
    return this.ctx.ip;
  }

  get [KOA_CONTEXT](): Koa.Context {
    return this.ctx;
  }

  get log(): any {
    return this.state.log;
  }

  header(name: string): string | undefined {
    return this.ctx.get(name) || undefined;
  }

  get signal(): AbortSignal {
    if (!this.abortSignal) {
      const abort = new AbortController();
      const res = this.ctx.res;
      this.onClose = () => {
        if (!res.writableFinished) abort.abort(new Error('client went away'));
      };
      this.ctx.req.once('close', this.onClose);
      this.abortSignal = this.ownerSignal ? AbortSignal.any([abort.signal, this.ownerSignal]) : abort.signal;
    }
    return this.abortSignal;
  }

  release(): void {
    if (this.onClose) this.ctx.req.off('close', this.onClose);
  }
}

/** `:id` → `{id}` for OpenAPI. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}
