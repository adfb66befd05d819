import { BadRequest, Conflict, NotFound, reply } from '@medianest/sdk';
import type { AuditLog } from '../auth/audit-log.js';
import type Koa from 'koa';
import { currentSessionHandle, type SessionStore } from '../auth/sessions.js';
import { KOA_CONTEXT } from './route.js';
import type { AccountLinks } from '../auth/account-links.js';
import { temporaryPassword } from '../auth/temporary-password.js';
import { LastAdminError, type UserStore } from '../auth/users.js';
import { displayNameField, passwordField, usernameField } from '../auth/account-schemas.js';
import type { RouteDef } from './route.js';

export interface AdminUserRouteDeps {
  users: UserStore;
  sessions: SessionStore;
  audit: AuditLog;
  links: AccountLinks;
  /** Closes the open sockets of a session (by its handle) everywhere, telling the tab why. */
  endSession(handle: string, reason?: string): void;
}

const idParams = { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 64 } } };
const userView = {
  type: 'object',
  required: ['id', 'username', 'name', 'role', 'disabled', 'createdAt'],
  properties: {
    id: { type: 'string' }, username: { type: 'string' }, name: { type: 'string' }, role: { enum: ['admin', 'user'] }, disabled: { type: 'boolean' },
    createdAt: { type: 'string' }, lastSignInAt: { type: ['string', 'null'] },
  },
};

/** The admin's user and session pages: list, add, change role, disable, delete (with confirmation), revoke sessions. */
export function adminUserRoutes(deps: AdminUserRouteDeps): RouteDef[] {
  const endAll = async (userId: string, reason = 'An admin ended this session') => {
    for (const handle of await deps.sessions.revokeUser(userId)) deps.endSession(handle, reason);
  };
  const guard = async <T>(fn: () => Promise<T>) => {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof LastAdminError) throw new Conflict(err.message);
      if ((err as { code?: string }).code === '23505') throw new Conflict('That username is taken');
      throw err;
    }
  };

  return [
    {
      method: 'GET',
      path: '/api/admin/users',
      options: { auth: 'admin', summary: 'Every account', response: { type: 'object', required: ['users'], properties: { users: { type: 'array', items: userView } } } },
      handler: async () => ({ users: await deps.users.list() }),
    },
    {
      method: 'POST',
      path: '/api/admin/users',
      options: {
        auth: 'admin',
        summary: 'Add a local account with a first password the person changes later',
        status: 201,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['username', 'password', 'role'],
          properties: {
            username: usernameField,
            displayName: displayNameField,
            password: passwordField,
            role: { enum: ['admin', 'user'], title: 'Role', errorMessage: 'Choose admin or user' },
          },
        },
      },
      handler: async (req: any) => {
        const user = await guard(() => deps.users.create({ ...req.body, displayName: req.body.displayName?.trim() || undefined }));
        await deps.audit.write({ action: 'user-create', actor: req.user, target: user.id, ip: req.ip, detail: { username: req.body.username.toLowerCase(), role: req.body.role } });
        return reply(201, { user: await deps.users.get(user.id) });
      },
    },
    {
      method: 'PATCH',
      path: '/api/admin/users/:id',
      options: {
        auth: 'admin',
        summary: 'Change role, display name or disabled; role changes and disabling end the person\'s sessions',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: { role: { enum: ['admin', 'user'], title: 'Role', errorMessage: 'Choose admin or user' }, disabled: { type: 'boolean', title: 'Disabled' }, displayName: displayNameField },
        },
      },
      handler: async (req: any) => {
        const before = await deps.users.get(req.params.id);
        if (!before) throw new NotFound('No such user');
        if (before.id === req.user.id && req.body.disabled === true) throw new Conflict('You cannot disable your own account: ask another admin');
        if (before.id === req.user.id && req.body.role === 'user') throw new Conflict('You cannot take away your own admin role: ask another admin');
        const user = await guard(() => deps.users.update(req.params.id, req.body));
        if (req.body.disabled === true) await endAll(req.params.id, 'An admin disabled this account');
        else if (req.body.role && req.body.role !== before.role) await endAll(req.params.id, 'An admin changed your role: sign in again');
        // What changed, from → to, so the audit log can say it in words.
        const changes = Object.fromEntries(Object.keys(req.body).map((k) => [k, { from: (before as any)[k === 'displayName' ? 'name' : k], to: (user as any)?.[k === 'displayName' ? 'name' : k] }]));
        await deps.audit.write({ action: 'user-update', actor: req.user, target: req.params.id, ip: req.ip, detail: { username: before.username, changes } });
        return { user };
      },
    },
    {
      method: 'DELETE',
      path: '/api/admin/users/:id',
      options: {
        auth: 'admin',
        summary: 'Delete an account; `confirm` must repeat its username',
        params: idParams,
        query: { type: 'object', required: ['confirm'], properties: { confirm: { type: 'string' } } },
      },
      handler: async (req: any) => {
        const user = await deps.users.get(req.params.id);
        if (!user) throw new NotFound('No such user');
        if (req.query.confirm.toLowerCase() !== user.username) throw new BadRequest(`To delete ${user.username}, repeat the username in "confirm"`);
        if (user.id === req.user.id) throw new Conflict('You cannot delete your own account');
        await guard(() => deps.users.remove(user.id));
        await endAll(user.id);
        await deps.audit.write({ action: 'user-delete', actor: req.user, target: user.id, ip: req.ip, detail: { username: user.username } });
        return undefined;
      },
    },
    {
      method: 'POST',
      path: '/api/admin/users/:id/password-reset',
      options: {
        auth: 'admin',
        summary: "Reset someone's password: a one-time link valid for a day, or a temporary password they must change at the next sign-in",
        params: idParams,
        body: { type: 'object', additionalProperties: false, required: ['mode'], properties: { mode: { enum: ['link', 'temporary'], title: 'How', errorMessage: 'Choose a link or a temporary password' } } },
        response: { type: 'object', properties: { path: { type: 'string' }, expiresAt: { type: 'string' }, password: { type: 'string' }, endedSessions: { type: 'integer' } } },
      },
      handler: async (req: any) => {
        const user = await deps.users.get(req.params.id);
        if (!user) throw new NotFound('No such user');
        if (req.body.mode === 'link') {
          const link = await deps.links.create({ kind: 'reset', userId: user.id, createdBy: req.user.id, validForMs: 86_400_000 });
          await deps.audit.write({ action: 'password-reset', actor: req.user, target: user.id, ip: req.ip, detail: { username: user.username, mode: 'link', expiresAt: link.expiresAt } });
          return { path: `#/reset/${link.token}`, expiresAt: link.expiresAt };
        }
        const password = temporaryPassword();
        await deps.users.setPassword(user.id, password, true);
        const ended = await deps.sessions.revokeUser(user.id);
        for (const id of ended) deps.endSession(id, 'An admin reset your password: sign in with the temporary one you were given');
        await deps.audit.write({ action: 'password-reset', actor: req.user, target: user.id, ip: req.ip, detail: { username: user.username, mode: 'temporary' } });
        return { password, endedSessions: ended.length };
      },
    },
    {
      method: 'GET',
      path: '/api/admin/sessions',
      options: { auth: 'admin', summary: 'Every live session (by handle, never its id); `current` marks the one asking' },
      handler: async (req: any) => {
        const handle = currentSessionHandle((req[KOA_CONTEXT] as Koa.Context).get('cookie'));
        return { sessions: (await deps.sessions.list()).map((s) => ({ ...s, current: s.handle === handle })) };
      },
    },
    {
      method: 'DELETE',
      path: '/api/admin/sessions/:handle',
      options: { auth: 'admin', summary: 'End a session at once, open sockets included', params: { type: 'object', properties: { handle: { type: 'string', pattern: '^[A-Za-z0-9_-]{22}$' } } } },
      handler: async (req: any) => {
        const session = await deps.sessions.revokeHandle(req.params.handle);
        if (!session) throw new NotFound('No such session (it may have ended already)');
        deps.endSession(session.handle, 'An admin ended this session');
        await deps.audit.write({ action: 'session-revoke', actor: req.user, target: session.user.id, ip: req.ip });
        return undefined;
      },
    },
  ];
}
