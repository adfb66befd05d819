import { definePlugin, ServiceUnavailable, toMs } from '@medianest/sdk';
import { AccessCheck } from './access.js';
import { recheckAccess } from './access-job.js';
import { adminRoutes } from './admin-routes.js';
import { configSchema, type PlexConfig } from './config.js';
import { Connection } from './connection.js';
import { householdRoutes } from './household-routes.js';
import { plexSearchProvider } from './search-provider.js';
import { identityService } from './identity-service.js';
import { libraryService } from './library-service.js';
import { plexHeaders } from './plex-headers.js';
import { PlexError, isUnauthorized } from './plex-errors.js';
import { PmsClient } from './pms-client.js';
import { posterRoute } from './poster-route.js';
import { PlexTvClient } from './plextv-client.js';
import { plexSignIn } from './sign-in.js';
import { PlexAccountRow, PlexSetting, migrations } from './tables.js';
import { Watcher } from './watcher.js';
import { setRunning, testSettings, tryServer } from './settings-test.js';

export type { PlexConfig } from './config.js';
export type * from './views.js';

export default definePlugin<PlexConfig>({
  id: 'plex',
  configSchema,
  entities: [PlexSetting, PlexAccountRow],
  migrations,
  testSettings,
  async register(ctx) {
    const { config } = ctx;
    const connection = new Connection(ctx);
    const clientId = await connection.clientId();
    const headers = (token?: string) => plexHeaders(clientId, ctx.version, token);
    const pms = new PmsClient(ctx.http, headers, config.timeout);
    const plexTv = new PlexTvClient(ctx.http, config.plexTvUrl, headers, config.timeout);
    const posters = () => connection.posterSigner();
    const access = new AccessCheck(connection, pms, plexTv);
    const watcher = new Watcher(ctx, connection, pms, posters);

    // Services other plugins use: `ctx.useOptional('plex.library')`, `ctx.useOptional('plex.identity')`.
    const library = libraryService(connection, pms, (key, load) => ctx.cache.memo(key, '30s', load));
    ctx.provide('library', library);
    ctx.provide('identity', identityService(ctx));

    ctx.auth.provider(plexSignIn(ctx, plexTv, access, clientId));
    const household = householdRoutes({ ctx, connection, pms, library, watcher, posters });
    ctx.search.provider(plexSearchProvider(household.search));
    posterRoute(ctx, connection, pms, posters);
    adminRoutes(ctx, connection, pms, plexTv, clientId, async () => {
      for (const key of ['recent', 'libraries', 'now-playing']) await ctx.cache.del(key);
    });

    ctx.jobs.every('watch', config.pollInterval, (job) => watcher.run(job, toMs(config.pollInterval)), { timeout: toMs(config.pollInterval) + toMs(config.timeout) + 5000 });
    ctx.jobs.every('access', config.accessCheckInterval, (job) => recheckAccess(ctx, access, job), { timeout: '5m' });

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
    }, { timeout: config.timeout, reaches: 'Plex', downMessage: "Plex isn't available right now" });

    setRunning({
      clientId,
      version: ctx.version,
      testConnected: async (signal) => {
        const server = await connection.active().catch(() => undefined);
        if (!server) return { ok: false, message: 'Plex is not connected: use "Connect Plex" above, or enter a server address and token' };
        return tryServer(pms, server, signal);
      },
    });
    ctx.onStop(() => setRunning(undefined));

    ctx.ui.widget('mn-plex-now-playing', { module: 'ui/now-playing.js', title: 'Now playing on Plex', size: 2 });
    ctx.ui.widget('mn-plex-recent', { module: 'ui/recent.js', title: 'New on Plex', size: 2 });
    ctx.ui.page('mn-plex-page', { module: 'ui/plex-page.js', title: 'Plex' });
    ctx.ui.settings('mn-plex-connect', { module: 'ui/connect.js' });
  },
});
