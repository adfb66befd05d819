// People who signed in with Plex keep the portal only while the server is shared with them: checked
// again every interval; when the owner stops sharing, their sessions end.
import type { JobRun, PluginContext } from '@medianest/sdk';
import type { AccessCheck } from './access.js';
import type { PlexConfig } from './config.js';
import { PlexAccountRow } from './tables.js';

export async function recheckAccess(ctx: PluginContext<PlexConfig>, access: AccessCheck, job: JobRun): Promise<{ checked: number; ended: number; skipped?: string }> {
  const rows = await ctx.store.em().find(PlexAccountRow, {});
  if (!rows.length) return { checked: 0, ended: 0 };
  let target;
  try {
    target = await access.target(job.signal);
  } catch (err) {
    return { checked: 0, ended: 0, skipped: (err as Error).message };
  }
  let ended = 0;
  for (const row of rows) {
    let allowed: boolean;
    try {
      ({ allowed } = await access.allows(target, row.plexId, row.tokenSealed ? ctx.secrets.open(row.tokenSealed) : undefined, job.signal));
    } catch (err) {
      // plex.tv away or slow: no one is signed out on a guess.
      job.log.warn({ plexId: row.plexId, reason: (err as Error).message }, 'could not check Plex access; trying again next time');
      continue;
    }
    if (allowed) {
      await ctx.store.em().nativeUpdate(PlexAccountRow, { userId: row.userId }, { checkedAt: new Date() });
      continue;
    }
    const n = await ctx.auth.endSessions(row.userId);
    ended += n;
    job.log.info({ plexId: row.plexId, plexUsername: row.username, sessions: n }, `${row.username} no longer has ${target.name} shared with them: their sessions ended`);
  }
  return { checked: rows.length, ended };
}
