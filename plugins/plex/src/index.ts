import { definePlugin, ServiceUnavailable } from '@medianest/sdk';
import { configSchema, type PlexConfig } from './config.js';
import { Connection } from './connection.js';
import { identityService } from './identity-service.js';
import { libraryService } from './library-service.js';
import { plexHeaders } from './plex-headers.js';
import { PlexError, isUnauthorized } from './plex-errors.js';
import { PmsClient } from './pms-client.js';
import { PlexTvClient } from './plextv-client.js';
import { PlexAccountRow, PlexSetting, migrations } from './tables.js';

export type { PlexConfig } from './config.js';

export default definePlugin<PlexConfig>({
  id: 'plex',
  configSchema,
  entities: [PlexSetting, PlexAccountRow],
  migrations,
  async register(ctx) {
    const { config } = ctx;
    const connection = new Connection(ctx);
    const clientId = await connection.clientId();
    const headers = (token?: string) => plexHeaders(clientId, ctx.version, token);
    const pms = new PmsClient(ctx.http, headers, config.timeout);
    const plexTv = new PlexTvClient(ctx.http, config.plexTvUrl, headers, config.timeout);
    const shortly = <T>(key: string, load: () => Promise<T>) => ctx.cache.memo(key, '30s', load);

    // Services other plugins use: `ctx.useOptional('plex.library')`, `ctx.useOptional('plex.identity')`.
    ctx.provide('library', libraryService(connection, pms, shortly));
    ctx.provide('identity', identityService(ctx));

    ctx.health.check('server', async (signal) => {
      const server = await connection.active().catch((err: Error) => {
        throw new ServiceUnavailable(err.message);
      });
      try {
        const root = await pms.root(server, signal);
        return { detail: `Plex Media Server "${root.friendlyName}" ${root.version} answers; the token works` };
      } catch (err) {
        if (isUnauthorized(err)) throw new ServiceUnavailable('The server refused the token (revoked?): reconnect Plex in Admin → Plugins → Plex');
        throw new ServiceUnavailable(err instanceof PlexError ? err.message : 'Plex Media Server did not answer');
      }
    }, { timeout: config.timeout });

    void plexTv;
  },
});
