import { NotFound } from '@medianest/sdk';
import type Koa from 'koa';
import type { AuditLog } from '../auth/audit-log.js';
import { currentSessionHandle, type SessionStore } from '../auth/sessions.js';
import { KOA_CONTEXT, type RouteDef } from './route.js';

export interface MySessionRouteDeps {
  sessions: SessionStore;
  audit: AuditLog;
  /** Closes the open sockets of a session (by its handle) everywhere, telling the tab why. */
  endSession(handle: string, reason?: string): void;
}

const handleParams = { type: 'object', properties: { handle: { type: 'string', pattern: '^[A-Za-z0-9_-]{22}$' } } };

/** The signed-in person's own sessions on the account page: where they are signed in, and ending one. */
export function mySessionRoutes(deps: MySessionRouteDeps): RouteDef[] {
  const mine = async (userId: string) => (await deps.sessions.list()).filter((s) => s.user.id === userId);
  return [
    {
      method: 'GET',
      path: '/api/me/sessions',
      options: { auth: 'user', summary: 'Your own live sessions (by handle, never their ids); `current` marks the one asking' },
      handler: async (req: any) => {
        const current = currentSessionHandle((req[KOA_CONTEXT] as Koa.Context).get('cookie'));
        return { sessions: (await mine(req.user.id)).map(({ user: _user, ...s }) => ({ ...s, current: s.handle === current })) };
      },
    },
    {
      method: 'DELETE',
      path: '/api/me/sessions/:handle',
      options: { auth: 'user', summary: 'End one of your own sessions at once (another device, say)', params: handleParams },
      handler: async (req: any) => {
        if (!(await mine(req.user.id)).some((s) => s.handle === req.params.handle)) {
          throw new NotFound('That session has ended already. Reload the page to see where you are signed in.');
        }
        const session = await deps.sessions.revokeHandle(req.params.handle);
        if (session) deps.endSession(session.handle, 'You ended this session from another device');
        await deps.audit.write({ action: 'session-revoke', actor: req.user, target: req.user.id, ip: req.ip });
        return undefined;
      },
    },
  ];
}
