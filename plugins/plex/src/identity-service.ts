// `plex.identity`, the service the Overseerr plugin uses: a MediaNest user's Plex account.
import type { PlexIdentity, PluginContext } from '@medianest/sdk';
import { PlexAccountRow } from './tables.js';

export function identityService(ctx: PluginContext<any>): PlexIdentity {
  return {
    async forUser(userId) {
      const row = await ctx.store.em().findOne(PlexAccountRow, { userId: String(userId) });
      if (!row) return null;
      return { plexId: row.plexId, username: row.username, ...(row.email ? { email: row.email } : {}), ...(row.thumb ? { thumb: row.thumb } : {}) };
    },
  };
}
