// Compares a poll's fresh states with the last known ones in the database, and records the changes.
import type { EntityManager } from '@medianest/sdk/orm';
import { changesFrom, freshStates } from './poll.js';
import type { StatusChange, StatusView } from './status-view.js';
import { KnownState, StoredChange } from './tables.js';

/** History rows kept in the database; older ones are pruned after each poll that adds one. */
export const HISTORY_KEPT = 500;

/** Writes the changes and the new known states in one transaction, then prunes the history. */
export async function recordChanges(em: EntityManager, view: StatusView, now: string): Promise<StatusChange[]> {
  const fresh = freshStates(view);
  if (!fresh.size) return [];
  const rows = await em.find(KnownState, { monitorId: { $in: [...fresh.keys()] } });
  const known = new Map(rows.map((row) => [row.monitorId, row]));
  const changes = changesFrom(new Map(rows.map((row) => [row.monitorId, row.status])), fresh, now);
  for (const [monitorId, m] of fresh) {
    const row = known.get(monitorId);
    if (!row) em.create(KnownState, { monitorId, name: m.name, status: m.status });
    else if (row.status !== m.status || row.name !== m.name) Object.assign(row, { name: m.name, status: m.status });
  }
  for (const c of changes) em.create(StoredChange, { monitorId: c.monitorId, monitorName: c.name, fromStatus: c.from, toStatus: c.to, changedAt: new Date(c.at) });
  await em.flush();
  if (changes.length) {
    const oldest = await em.find(StoredChange, {}, { orderBy: { id: 'desc' }, offset: HISTORY_KEPT - 1, limit: 1 });
    if (oldest[0]) await em.nativeDelete(StoredChange, { id: { $lt: oldest[0].id } });
  }
  return changes;
}
