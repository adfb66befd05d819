import type Koa from 'koa';
import { BadRequest, NotFound, type User } from '@medianest/sdk';
import { HttpProblem } from '../http/problem.js';
import { KOA_CONTEXT, type RouteDef } from '../http/route.js';
import type { AuditLog } from './audit-log.js';
import { parseLimit, type RateLimiter } from './rate-limit.js';
import type { AccountLinks } from './account-links.js';
import { sessionIdFromCookie, type SessionStore } from './sessions.js';
import type { UserStore } from './users.js';
import { displayNameField, passwordField } from './account-schemas.js';

export interface AccountRouteDeps {
  users: UserStore;
  sessions: SessionStore;
  links: AccountLinks;
  audit: AuditLog;
  /** Closes a session's open sockets (by its handle) everywhere, telling the tab why. */
  endSession(handle: string, reason: string): void;
  /** Starts a session for a user: its cookies go on the answer. */
  startSession(ctx: Koa.Context, user: User): Promise<void>;
  limiter: RateLimiter;
}

const TRIES = parseLimit('10/hour');

const tokenParams = { type: 'object', properties: { token: { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$', title: 'Link', errorMessage: 'This link is not complete: copy the whole link again' } } };
const profileView = {
  type: 'object',
  required: ['id', 'username', 'name', 'role', 'theme', 'hasPassword', 'mustChangePassword'],
  properties: {
    id: { type: 'string' }, username: { type: 'string' }, name: { type: 'string' }, role: { enum: ['admin', 'user'] },
    theme: { enum: ['system', 'light', 'dark'] }, hasPassword: { type: 'boolean' }, mustChangePassword: { type: 'boolean' },
    createdAt: { type: 'string' }, lastSignInAt: { type: ['string', 'null'] }, disabled: { type: 'boolean' },
  },
};

/** The person's own account (profile, theme, password) and redeeming a password-reset link. */
export function accountRoutes(deps: AccountRouteDeps): RouteDef[] {
  /** Ends every session of a user but the one making the request, which goes on (a temporary password's restriction lifted). */
  const endOthers = async (req: any, userId: string, reason: string) => {
    const current = sessionIdFromCookie((req[KOA_CONTEXT] as Koa.Context).get('cookie'));
    const ended = await deps.sessions.revokeUser(userId, current);
    for (const handle of ended) deps.endSession(handle, reason);
    if (current) await deps.sessions.passwordChosen(current);
    return ended.length;
  };

  return [
    {
      method: 'GET',
      path: '/api/me/profile',
      options: { auth: 'user', summary: 'Your account: name, theme, whether you must choose a new password', response: profileView },
      beforePasswordChange: true,
      handler: async (req: any) => {
        const profile = await deps.users.profile(req.user.id);
        // A session with no account row (the test harness's sessionCookie makes such) gets the defaults,
        // so plugin authors' browser tests see the portal as a person would, without a 404 in the console.
        if (!profile) return { id: req.user.id, username: req.user.name, name: req.user.name, role: req.user.role, theme: 'system', hasPassword: false, mustChangePassword: false };
        return profile;
      },
    },
    {
      method: 'PATCH',
      path: '/api/me/profile',
      options: {
        auth: 'user',
        summary: 'Change your display name and theme (light, dark or as the system)',
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: { displayName: displayNameField, theme: { enum: ['system', 'light', 'dark'], title: 'Theme', errorMessage: 'Choose light, dark or follow the system' } },
        },
        response: profileView,
      },
      handler: async (req: any) => {
        const profile = await deps.users.updateProfile(req.user.id, req.body);
        if (!profile) throw new NotFound('Your account no longer exists');
        await deps.audit.write({ action: 'profile-update', actor: req.user, target: req.user.id, ip: req.ip, detail: req.body });
        return profile;
      },
    },
    {
      method: 'POST',
      path: '/api/me/password',
      options: {
        auth: 'user',
        summary: 'Change your password: the current one is required; your other sessions end',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['current', 'password'],
          properties: { current: { type: 'string', maxLength: 256, title: 'Current password', errorMessage: { type: 'Enter your current password' } }, password: { ...passwordField, title: 'New password' } },
        },
        response: { type: 'object', required: ['endedSessions'], properties: { endedSessions: { type: 'integer' } } },
      },
      beforePasswordChange: true,
      handler: async (req: any) => {
        await deps.limiter.hit(`password-change:${req.user.id}`, TRIES, 'password changes');
        const profile = await deps.users.profile(req.user.id);
        if (!profile) throw new NotFound('Your account no longer exists');
        if (!profile.hasPassword) throw new BadRequest('Your account signs in with a provider and has no password here');
        if (!(await deps.users.checkPassword(req.user.id, req.body.current))) {
          await deps.audit.write({ action: 'password-change-failed', actor: req.user, target: req.user.id, ip: req.ip });
          throw new HttpProblem(400, 'Current password: That is not your current password', [{ in: 'body', field: 'current', label: 'Current password', rule: 'current', message: 'That is not your current password' }]);
        }
        if (req.body.current === req.body.password) {
          throw new HttpProblem(400, 'New password: Choose a password different from the current one', [{ in: 'body', field: 'password', label: 'New password', rule: 'different', message: 'Choose a password different from the current one' }]);
        }
        await deps.users.setPassword(req.user.id, req.body.password);
        const endedSessions = await endOthers(req, req.user.id, 'Your password was changed: sign in with the new one');
        await deps.audit.write({ action: 'password-change', actor: req.user, target: req.user.id, ip: req.ip, detail: { endedSessions } });
        return { endedSessions };
      },
    },
    {
      method: 'GET',
      path: '/api/password-reset/:token',
      options: {
        auth: 'public',
        summary: 'Whom a password-reset link is for, while it is unused and less than a day old',
        params: tokenParams,
        response: { type: 'object', required: ['username', 'expiresAt'], properties: { username: { type: 'string' }, expiresAt: { type: 'string' } } },
      },
      handler: async (req: any) => {
        const link = await deps.links.find('reset', req.params.token);
        const user = link?.userId ? await deps.users.get(link.userId) : null;
        if (!link || !user) throw new NotFound('This link was used already or has expired: ask an admin for a new one');
        return { username: user.username, expiresAt: link.expiresAt };
      },
    },
    {
      method: 'POST',
      path: '/api/password-reset/:token',
      options: {
        auth: 'public',
        summary: 'Choose a new password with a reset link (once): every session of the account ends, and this browser is signed in',
        params: tokenParams,
        body: { type: 'object', additionalProperties: false, required: ['password'], properties: { password: { ...passwordField, title: 'New password' } } },
      },
      handler: async (req: any) => {
        await deps.limiter.hit(`password-reset:${req.ip}`, TRIES, 'tries with reset links from this address');
        const link = await deps.links.find('reset', req.params.token);
        const before = link?.userId ? await deps.users.get(link.userId) : null;
        if (!link || !before || !(await deps.links.use(link.id))) throw new NotFound('This link was used already or has expired: ask an admin for a new one');
        if (before.disabled) throw new HttpProblem(403, 'This account is disabled: ask an admin');
        await deps.users.setPassword(before.id, req.body.password);
        for (const id of await deps.sessions.revokeUser(before.id)) deps.endSession(id, 'Your password was reset: sign in with the new one');
        const user: User = { id: before.id, name: before.name, role: before.role };
        await deps.audit.write({ action: 'password-reset-used', actor: user, target: before.id, ip: req.ip });
        await deps.startSession(req[KOA_CONTEXT] as Koa.Context, user);
        return { user };
      },
    },
  ];
}
