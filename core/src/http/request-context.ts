import { randomBytes } from 'node:crypto';
import type Koa from 'koa';
import type { Logger } from 'pino';
import type { User } from '@medianest/sdk';
import { isHttpError } from '@medianest/sdk';
import { sessionCookie, sessionIdFromCookie, type SessionStore } from '../auth/sessions.js';
import { bearerToken, type ApiTokens } from '../auth/api-tokens.js';
import { HttpProblem } from './problem.js';
import { isRedisUnavailable } from '../redis.js';
import { isDatabaseUnavailable } from '../db/database-errors.js';
import type { RequestState } from './route.js';
import { Answer } from './answer.js';

const SAFE_ID = /^[A-Za-z0-9._-]{8,128}$/;
/** Request ids: a random prefix per process and a counter; unique across processes, and cheaper than a UUID each. */
const PROCESS_ID = randomBytes(6).toString('base64url');
let counter = 0;
const nextRequestId = () => `${PROCESS_ID}-${(++counter).toString(36)}`;

/** Per-request state: the request id, a logger and the signed-in user, each made only when first used. */
class State implements RequestState {
  pluginId?: string;
  limitUser?: (user: User) => Promise<void> | void;
  mustChangePassword = false;
  readonly answer = new Answer();
  private childLog?: Logger;
  private userLookup?: Promise<User | null>;
  /** null: not read from the Cookie header yet. */
  private parsedSessionId?: string | null;

  constructor(
    readonly requestId: string,
    private readonly baseLog: Logger,
    private readonly sessions: SessionStore,
    private readonly cookie: string,
    private readonly bearer: string | undefined,
    private readonly tokens: ApiTokens | undefined,
    private readonly ctx: Koa.Context,
    private readonly secure: boolean,
  ) {}

  get log(): Logger {
    return (this.childLog ??= this.baseLog.child({ requestId: this.requestId }));
  }

  get mayHaveSession(): boolean {
    return this.cookie !== '' || this.bearer !== undefined;
  }

  get sessionId(): string | undefined {
    if (this.parsedSessionId === undefined) this.parsedSessionId = sessionIdFromCookie(this.cookie) ?? null;
    return this.parsedSessionId ?? undefined;
  }

  user(): Promise<User | null> {
    if (!this.userLookup) {
      if (this.bearer && this.tokens) this.userLookup = this.tokens.resolve(this.bearer);
      else this.userLookup = this.cookie ? this.session(this.sessionId) : Promise.resolve(null);
    }
    return this.userLookup;
  }

  /** The session's user; when this read moved the session's expiry, the cookie's Max-Age moves with it. */
  private async session(id: string | undefined): Promise<User | null> {
    const read = await this.sessions.lookup(id);
    if (read?.slid) this.ctx.append('Set-Cookie', sessionCookie(id!, this.secure));
    if (read?.mustChangePassword) this.mustChangePassword = true;
    return read?.user ?? null;
  }
}

/** Gives the request an id (echoed as X-Request-Id) and its state: a lazily resolved user and logger. */
export function startRequest(
  ctx: Koa.Context,
  log: Logger,
  sessions: SessionStore,
  secure: boolean,
  limitUser?: (user: User) => Promise<void> | void,
  tokens?: ApiTokens,
): RequestState {
  const incoming = ctx.get('x-request-id');
  const requestId = incoming && SAFE_ID.test(incoming) ? incoming : nextRequestId();
  const state = new State(requestId, log, sessions, ctx.get('cookie'), bearerToken(ctx.get('authorization')), tokens, ctx, secure);
  state.answer.headers.push('X-Request-Id', requestId);
  state.limitUser = limitUser;
  ctx.state = state;
  return state;
}

/** Logs refused and failed requests (and all of them at debug level). */
export function logRequest(ctx: Koa.Context, log: Logger, started: number): void {
  if (ctx.status < 400 && !log.isLevelEnabled('debug')) return;
  const line = { method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round((performance.now() - started) * 10) / 10, requestId: (ctx.state as RequestState).requestId };
  // 503 is a dependency away (Redis, a plugin's upstream), said to the person: not a bug of ours.
  if (ctx.status === 503) log.warn(line, 'request refused: service unavailable');
  else if (ctx.status >= 500) log.error(line, 'request failed');
  else if (ctx.status >= 400) log.info(line, 'request refused');
  else log.debug(line, 'request');
}

/** Renders a thrown error as `{ error, requestId, details? }`; a 500 hides its cause and is logged. */
export function renderError(ctx: Koa.Context, err: unknown): void {
  const state = ctx.state as RequestState;
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
    status = e.status; // koa's own client errors
    message = e.message;
  } else if (isRedisUnavailable(e)) {
    status = 503;
    message = 'MediaNest cannot reach its Redis server at the moment; try again in a few seconds';
    ctx.set('Retry-After', '5');
  } else if (isDatabaseUnavailable(e)) {
    status = 503;
    message = 'MediaNest cannot reach its database at the moment; try again in a few seconds';
    ctx.set('Retry-After', '5');
  }
  if (status === 503 && isRedisUnavailable(e)) state.log.warn({ err: e.message, plugin: state.pluginId }, 'Redis is unavailable');
  else if (status === 503 && isDatabaseUnavailable(e)) state.log.warn({ err: e.message, plugin: state.pluginId }, 'the database is unavailable');
  else if (status >= 500) state.log.error({ err: e, plugin: state.pluginId }, 'request handler threw');
  ctx.status = status;
  ctx.body = details === undefined ? { error: message, requestId: state.requestId } : { error: message, details, requestId: state.requestId };
}

/** A JSON 404 for an API path nothing answered. */
export function notFound(ctx: Koa.Context): void {
  ctx.status = 404;
  ctx.body = { error: `No route ${ctx.method} ${ctx.path}`, requestId: (ctx.state as RequestState).requestId };
}
