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
import type { SignInGuard } from './sign-in-guard.js';

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
  /** Counts wrong passwords per (account, address) and per address. */
  guard: SignInGuard;
  /** Notes the time of a sign-in on the account. */
  signedIn?(userId: string): Promise<void>;
  /** Whether the account must choose a new password: its sessions may do nothing else until it does. */
  mustChangePassword?(userId: string): Promise<boolean>;
}

const userSchema = {
  type: 'object',
  required: ['id', 'name', 'role'],
  properties: { id: { type: 'string' }, name: { type: 'string' }, role: { enum: ['admin', 'user'] } },
};
const credentials = { username: usernameField, password: passwordField };

/** Starts a session: stores it, audits it, and puts its cookie and its CSRF token's cookie on the answer. */
export function sessionStarter(deps: Pick<AuthRouteDeps, 'sessions' | 'log' | 'audit' | 'secure' | 'signedIn' | 'mustChangePassword'>) {
  return async (ctx: Koa.Context, user: User, audit: 'setup' | 'signin') => {
    const id = randomBytes(32).toString('base64url');
    const ip = ctx.ip;
    const mustChangePassword = (await deps.mustChangePassword?.(user.id)) ?? false;
    await deps.sessions.create(id, user, { ip, userAgent: ctx.get('user-agent'), mustChangePassword });
    deps.log.info({ audit, user: user.id, ip }, audit === 'setup' ? 'portal claimed; admin account created' : 'signed in');
    await deps.audit.write({ action: audit, actor: user, ip });
    await deps.signedIn?.(user.id).catch((err) => deps.log.warn({ err }, 'could not note the sign-in time'));
    ctx.append('Set-Cookie', sessionCookie(id, deps.secure));
    ctx.append('Set-Cookie', csrfCookie(csrfFor(id), deps.secure));
  };
}

/** Setup (claiming a fresh portal with the one-time code), sign-in and sign-out with local accounts. */
export function authRoutes(deps: AuthRouteDeps): RouteDef[] {
  const startSession = sessionStarter(deps);
  const limitSetup = (ip: string) => deps.limiter.hit(`signin:ip:${ip}`, deps.signInLimit, 'sign-in attempts from this address');

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
        await limitSetup(req.ip);
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
        const username = String(req.body.username).slice(0, 64);
        await deps.guard.check(username, req.ip);
        const user = await deps.users.verify(req.body.username, req.body.password);
        if (!user) {
          await deps.guard.failed(username, req.ip);
          deps.log.warn({ audit: 'signin-failed', username, ip: req.ip }, 'failed sign-in');
          await deps.audit.write({ action: 'signin-failed', actorName: username, ip: req.ip });
          throw new HttpProblem(401, 'Wrong username or password');
        }
        await deps.guard.succeeded(username, req.ip);
        await startSession(req[KOA_CONTEXT] as Koa.Context, user, 'signin');
        return { user };
      },
    },
    {
      method: 'POST',
      path: '/api/auth/logout',
      options: { auth: 'user', summary: 'Sign out: the session ends on every process at once' },
      beforePasswordChange: true,
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
