import { randomBytes } from 'node:crypto';
import type Koa from 'koa';
import { reply, type User } from '@medianest/sdk';
import { HttpProblem } from '../http/problem.js';
import { KOA_CONTEXT, type RouteDef } from '../http/route.js';
import type { Logger } from 'pino';
import { clearedSessionCookie, sessionCookie, sessionHandle, sessionIdFromCookie, type SessionStore } from './sessions.js';
import { anonymousCsrf, csrfCookie, csrfFor } from './csrf.js';
import type { RateLimiter, Limit } from './rate-limit.js';
import type { SetupCode } from './setup-code.js';
import type { UserStore } from './users.js';
import { displayNameField, passwordField, usernameField } from './account-schemas.js';
import type { AuditLog } from './audit-log.js';

export interface AuthRouteDeps {
  users: UserStore;
  sessions: SessionStore;
  setupCode: SetupCode;
  limiter: RateLimiter;
  signInLimit: Limit;
  /** Cookies get `Secure` behind TLS. */
  secure: boolean;
  log: Logger;
  /** Closes the open sockets of a session (by its handle) everywhere. */
  endSession?(handle: string): void;
  audit: AuditLog;
}

const userSchema = {
  type: 'object',
  required: ['id', 'name', 'role'],
  properties: { id: { type: 'string' }, name: { type: 'string' }, role: { enum: ['admin', 'user'] } },
};
const credentials = { username: usernameField, password: passwordField };

/** Starts a session: stores it, audits it, and puts its cookie and its CSRF token's cookie on the answer. */
export function sessionStarter(deps: Pick<AuthRouteDeps, 'sessions' | 'log' | 'audit' | 'secure'>) {
  return async (ctx: Koa.Context, user: User, audit: 'setup' | 'signin') => {
    const id = randomBytes(32).toString('base64url');
    const ip = ctx.ip;
    await deps.sessions.create(id, user, { ip, userAgent: ctx.get('user-agent') });
    deps.log.info({ audit, user: user.id, ip }, audit === 'setup' ? 'portal claimed; admin account created' : 'signed in');
    await deps.audit.write({ action: audit, actor: user, ip });
    ctx.append('Set-Cookie', sessionCookie(id, deps.secure));
    ctx.append('Set-Cookie', csrfCookie(csrfFor(id), deps.secure));
  };
}

/** Setup (claiming a fresh portal with the one-time code), sign-in and sign-out with local accounts. */
export function authRoutes(deps: AuthRouteDeps): RouteDef[] {
  const startSession = sessionStarter(deps);
  const limitSignIn = async (ip: string, username?: string) => {
    await deps.limiter.hit(`signin:ip:${ip}`, deps.signInLimit, 'sign-in attempts from this address');
    if (username) await deps.limiter.hit(`signin:user:${username.toLowerCase()}`, deps.signInLimit, 'sign-in attempts for this account');
  };

  return [
    {
      method: 'GET',
      path: '/api/setup',
      options: { auth: 'public', summary: 'Whether the portal still waits to be claimed', response: { type: 'object', required: ['needed'], properties: { needed: { type: 'boolean' } } } },
      handler: async () => ({ needed: !(await deps.users.hasAdmin()) }),
    },
    {
      method: 'POST',
      path: '/api/setup',
      options: {
        auth: 'public',
        summary: 'Claim a fresh portal: the one-time setup code from the log creates the admin account',
        status: 201,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['code', 'username', 'password'],
          properties: { code: { type: 'string', minLength: 4, maxLength: 64, title: 'Setup code', errorMessage: { minLength: 'Enter the setup code from the log' } }, ...credentials, displayName: displayNameField },
        },
        response: { type: 'object', required: ['user'], properties: { user: userSchema } },
      },
      handler: async (req: any) => {
        await limitSignIn(req.ip);
        if (await deps.users.hasAdmin()) throw new HttpProblem(409, 'This portal is set up already: sign in instead');
        if (!(await deps.setupCode.consume(req.body.code))) {
          throw new HttpProblem(403, 'That setup code is wrong or used up: use the code in the latest log, or restart MediaNest for a new one');
        }
        const user = await deps.users.create({ username: req.body.username, displayName: req.body.displayName || undefined, role: 'admin', password: req.body.password });
        await startSession(req[KOA_CONTEXT] as Koa.Context, user, 'setup');
        return reply(201, { user });
      },
    },
    {
      method: 'POST',
      path: '/api/auth/login',
      options: {
        auth: 'public',
        summary: 'Sign in with a local account',
        body: { type: 'object', additionalProperties: false, required: ['username', 'password'], properties: { username: { type: 'string', maxLength: 64, title: 'Username' }, password: { type: 'string', maxLength: 256, title: 'Password' } } },
        response: { type: 'object', required: ['user'], properties: { user: userSchema } },
      },
      handler: async (req: any) => {
        await limitSignIn(req.ip, req.body.username);
        const user = await deps.users.verify(req.body.username, req.body.password);
        if (!user) {
          deps.log.warn({ audit: 'signin-failed', username: String(req.body.username).slice(0, 64), ip: req.ip }, 'failed sign-in');
          await deps.audit.write({ action: 'signin-failed', actorName: String(req.body.username).slice(0, 64), ip: req.ip });
          throw new HttpProblem(401, 'Wrong username or password');
        }
        await deps.limiter.reset(`signin:user:${req.body.username.toLowerCase()}`, deps.signInLimit);
        await startSession(req[KOA_CONTEXT] as Koa.Context, user, 'signin');
        return { user };
      },
    },
    {
      method: 'POST',
      path: '/api/auth/logout',
      options: { auth: 'user', summary: 'Sign out: the session ends on every process at once' },
      handler: async (req: any) => {
        const ctx = req[KOA_CONTEXT] as Koa.Context;
        const id = sessionIdFromCookie(ctx.get('cookie'));
        if (id) {
          await deps.sessions.revoke(id);
          deps.endSession?.(sessionHandle(id));
        }
        await deps.audit.write({ action: 'signout', actor: req.user, ip: req.ip });
        // The signed-out page gets a fresh token for its sign-in form.
        ctx.append('Set-Cookie', clearedSessionCookie(deps.secure));
        ctx.append('Set-Cookie', csrfCookie(anonymousCsrf(), deps.secure));
        return undefined;
      },
    },
  ];
}
