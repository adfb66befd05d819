import type Koa from 'koa';
import { Conflict, NotFound, reply, type User } from '@medianest/sdk';
import { KOA_CONTEXT, type RouteDef } from '../http/route.js';
import type { AuditLog } from './audit-log.js';
import { parseLimit, type RateLimiter } from './rate-limit.js';
import type { AccountLinks } from './account-links.js';
import type { UserStore } from './users.js';
import { displayNameField, passwordField, usernameField } from './account-schemas.js';

export interface InviteRouteDeps {
  users: UserStore;
  links: AccountLinks;
  audit: AuditLog;
  startSession(ctx: Koa.Context, user: User): Promise<void>;
  limiter: RateLimiter;
}

const TRIES = parseLimit('10/hour');

const DAY = 86_400_000;
const VALID_FOR: Record<string, number> = { '1d': DAY, '7d': 7 * DAY, '30d': 30 * DAY };
const tokenParams = { type: 'object', properties: { token: { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$', title: 'Invite link', errorMessage: 'This invite link is not complete: copy the whole link again' } } };
const inviteView = {
  type: 'object',
  required: ['id', 'role', 'expiresAt', 'createdAt'],
  properties: { id: { type: 'string' }, role: { enum: ['admin', 'user'] }, expiresAt: { type: 'string' }, createdAt: { type: 'string' }, createdBy: { type: ['string', 'null'] }, path: { type: 'string' } },
};
export const INVITE_GONE = 'This invite was used already, withdrawn or has expired: ask whoever sent it for a new one';

/** Invites: an admin makes a single-use link with a role and an expiry; the invitee picks a username and password. */
export function inviteRoutes(deps: InviteRouteDeps): RouteDef[] {
  return [
    {
      method: 'POST',
      path: '/api/admin/invites',
      options: {
        auth: 'admin',
        summary: 'Make a single-use invite link: the person it is sent to picks a username and password',
        status: 201,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['role'],
          properties: {
            role: { enum: ['admin', 'user'], title: 'Role', errorMessage: 'Choose admin or user' },
            validFor: { enum: Object.keys(VALID_FOR), default: '7d', title: 'Valid for', errorMessage: 'Choose 1 day, 7 days or 30 days' },
          },
        },
        response: inviteView,
      },
      handler: async (req: any) => {
        const link = await deps.links.create({ kind: 'invite', role: req.body.role, createdBy: req.user.id, validForMs: VALID_FOR[req.body.validFor]! });
        await deps.audit.write({ action: 'invite-create', actor: req.user, target: link.id, ip: req.ip, detail: { role: link.role, expiresAt: link.expiresAt } });
        // The token is in the answer once, as the portal path to send; only its hash is stored.
        return reply(201, { id: link.id, role: link.role, expiresAt: link.expiresAt, createdAt: link.createdAt, createdBy: link.createdBy, path: `#/invite/${link.token}` });
      },
    },
    {
      method: 'GET',
      path: '/api/admin/invites',
      options: { auth: 'admin', summary: 'Invites not used yet and not expired', response: { type: 'object', required: ['invites'], properties: { invites: { type: 'array', items: inviteView } } } },
      handler: async () => {
        const invites = await deps.links.openInvites();
        const names = new Map((await deps.users.list()).map((u) => [u.id, u.name]));
        return { invites: invites.map((i) => ({ id: i.id, role: i.role, expiresAt: i.expiresAt, createdAt: i.createdAt, createdBy: i.createdBy ? (names.get(i.createdBy) ?? null) : null })) };
      },
    },
    {
      method: 'DELETE',
      path: '/api/admin/invites/:id',
      options: { auth: 'admin', summary: 'Withdraw an invite that was not used yet', params: { type: 'object', properties: { id: { type: 'string', format: 'uuid', title: 'Invite' } } } },
      handler: async (req: any) => {
        if (!(await deps.links.revoke(req.params.id, 'invite'))) throw new NotFound('No open invite with that id: it may have been used or withdrawn');
        await deps.audit.write({ action: 'invite-revoke', actor: req.user, target: req.params.id, ip: req.ip });
        return undefined;
      },
    },
    {
      method: 'GET',
      path: '/api/invites/:token',
      options: {
        auth: 'public',
        summary: 'What an invite link gives (its role and expiry), while it is open',
        params: tokenParams,
        response: { type: 'object', required: ['role', 'expiresAt'], properties: { role: { enum: ['admin', 'user'] }, expiresAt: { type: 'string' } } },
      },
      handler: async (req: any) => {
        const link = await deps.links.find('invite', req.params.token);
        if (!link) throw new NotFound(INVITE_GONE);
        return { role: link.role, expiresAt: link.expiresAt };
      },
    },
    {
      method: 'POST',
      path: '/api/invites/:token',
      options: {
        auth: 'public',
        summary: 'Accept an invite: makes the account with the invite\'s role and signs this browser in; the link is used up',
        params: tokenParams,
        status: 201,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['username', 'password'],
          properties: { username: usernameField, password: passwordField, displayName: displayNameField },
        },
      },
      handler: async (req: any) => {
        await deps.limiter.hit(`invite-accept:${req.ip}`, TRIES, 'tries with invite links from this address');
        const link = await deps.links.find('invite', req.params.token);
        if (!link) throw new NotFound(INVITE_GONE);
        let user: User;
        try {
          user = await deps.users.create({ username: req.body.username, displayName: req.body.displayName?.trim() || undefined, role: link.role ?? 'user', password: req.body.password });
        } catch (err) {
          if ((err as { code?: string }).code === '23505') {
            throw new Conflict('Username: That username is taken: choose another', [{ in: 'body', field: 'username', label: 'Username', rule: 'taken', message: 'That username is taken: choose another' }]);
          }
          throw err;
        }
        // Two tabs accepting at once: the second one's account is removed again.
        if (!(await deps.links.use(link.id, user.id))) {
          await deps.users.remove(user.id).catch(() => {});
          throw new NotFound(INVITE_GONE);
        }
        await deps.audit.write({ action: 'invite-accept', actor: user, target: link.id, ip: req.ip, detail: { username: req.body.username.toLowerCase(), role: user.role } });
        await deps.startSession(req[KOA_CONTEXT] as Koa.Context, user);
        return reply(201, { user });
      },
    },
  ];
}
