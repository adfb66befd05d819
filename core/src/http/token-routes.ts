import { Conflict, NotFound, reply } from '@medianest/sdk';
import type { ApiTokens } from '../auth/api-tokens.js';
import type { AuditLog } from '../auth/audit-log.js';
import type { UserStore } from '../auth/users.js';
import type { RouteDef } from './route.js';

/** A signed-in person's own API tokens: create (shown once), list, revoke. */
export function tokenRoutes(deps: { tokens: ApiTokens; users: UserStore; audit: AuditLog }): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/api/tokens',
      options: { auth: 'user', summary: 'Your API tokens (never their values)' },
      handler: async (req) => ({ tokens: await deps.tokens.list(req.user!.id) }),
    },
    {
      method: 'POST',
      path: '/api/tokens',
      options: {
        auth: 'user',
        summary: 'A new API token for scripts: `Authorization: Bearer <token>`; its value is shown only in this answer',
        status: 201,
        body: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string', minLength: 1, maxLength: 64 } } },
      },
      handler: async (req: any) => {
        if (!(await deps.users.get(req.user.id))) throw new Conflict('Only MediaNest accounts can have API tokens');
        const token = await deps.tokens.create(req.user.id, req.body.name);
        await deps.audit.write({ action: 'token-create', actor: req.user, target: token.id, ip: req.ip, detail: { name: token.name } });
        return reply(201, token, { 'Cache-Control': 'no-store' });
      },
    },
    {
      method: 'DELETE',
      path: '/api/tokens/:id',
      options: { auth: 'user', summary: 'Revoke one of your API tokens', params: { type: 'object', properties: { id: { type: 'string', maxLength: 64 } } } },
      handler: async (req: any) => {
        if (!(await deps.tokens.revoke(req.user.id, req.params.id))) throw new NotFound('No such token of yours');
        await deps.audit.write({ action: 'token-revoke', actor: req.user, target: req.params.id, ip: req.ip });
        return undefined;
      },
    },
  ];
}
