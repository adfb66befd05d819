import { NotFound } from '@medianest/sdk';
import type { AuditLog } from '../auth/audit-log.js';
import type { UserStore } from '../auth/users.js';
import { BoardStore, DEFAULT_BOARD, type BoardItem } from '../boards/board-store.js';
import type { RouteDef } from './route.js';

export interface BoardRouteDeps {
  boards: BoardStore;
  users: UserStore;
  audit: AuditLog;
}

const cell = (max: number, title: string) => ({ type: 'integer', minimum: 0, maximum: max, title });
const itemSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'x', 'y', 'w', 'h'],
  properties: {
    id: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,39}/mn-[a-z0-9-]+$', title: 'Widget' },
    x: cell(11, 'Column'),
    y: cell(1000, 'Row'),
    w: { ...cell(12, 'Width'), minimum: 1 },
    h: { ...cell(24, 'Height'), minimum: 1 },
    hidden: { type: 'boolean', default: false },
  },
};
const boardBody = {
  type: 'object',
  additionalProperties: false,
  required: ['items'],
  properties: { items: { type: 'array', maxItems: 200, items: itemSchema, title: 'Widgets' } },
};
const boardAnswer = {
  type: 'object',
  required: ['items', 'source'],
  properties: { items: { type: 'array', items: itemSchema }, source: { enum: ['mine', 'default', 'none'] } },
};

/** A widget may sit only once on a board, and not past the right edge. */
function tidy(items: BoardItem[]): BoardItem[] {
  const seen = new Set<string>();
  return items.filter((i) => !seen.has(i.id) && seen.add(i.id)).map((i) => ({ ...i, w: Math.min(i.w, 12 - i.x), hidden: Boolean(i.hidden) }));
}

/** Each person's dashboard layout, the default board and an admin's reset of anyone's. */
export function boardRoutes(deps: BoardRouteDeps): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/api/board',
      options: { auth: 'user', summary: 'My dashboard layout (else the default board)', response: boardAnswer },
      handler: (req) => deps.boards.forUser(req.user!.id),
    },
    {
      method: 'PUT',
      path: '/api/board',
      options: { auth: 'user', summary: 'Save my dashboard layout: where each widget is, its size, and which are hidden', body: boardBody, response: boardAnswer },
      handler: async (req: any) => {
        const items = tidy(req.body.items);
        await deps.boards.set(req.user.id, items);
        return { items, source: 'mine' };
      },
    },
    {
      method: 'DELETE',
      path: '/api/board',
      options: { auth: 'user', summary: 'Reset my dashboard to the default board', response: boardAnswer },
      handler: async (req) => {
        await deps.boards.remove(req.user!.id);
        return deps.boards.forUser(req.user!.id);
      },
    },
    {
      method: 'PUT',
      path: '/api/admin/board/default',
      options: { auth: 'admin', summary: 'Set the board new people get (and anyone whose board is reset)', body: boardBody, response: boardAnswer },
      handler: async (req: any) => {
        const items = tidy(req.body.items);
        await deps.boards.set(DEFAULT_BOARD, items);
        await deps.audit.write({ action: 'board-default', actor: req.user, ip: req.ip, detail: { widgets: items.length } });
        return { items, source: 'default' };
      },
    },
    {
      method: 'DELETE',
      path: '/api/admin/users/:id/board',
      options: {
        auth: 'admin',
        summary: "Reset a person's dashboard to the default board",
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 64 } } },
      },
      handler: async (req: any) => {
        const user = await deps.users.get(req.params.id);
        if (!user) throw new NotFound('No such person: they may have been removed. Reload the page.');
        const had = await deps.boards.remove(req.params.id);
        await deps.audit.write({ action: 'board-reset', actor: req.user, target: req.params.id, ip: req.ip });
        return { reset: had };
      },
    },
  ];
}
