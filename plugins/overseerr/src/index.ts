import { definePlugin, toMs, ServiceUnavailable } from '@medianest/sdk';
import { adminRoutes } from './admin-routes.js';
import { configSchema, type OverseerrConfig } from './config.js';
import { Linking } from './linking.js';
import { memberRoutes, searchTitles } from './member-routes.js';
import { searchProvider } from './search-provider.js';
import { OverseerrClient } from './overseerr-client.js';
import { isOverseerrError } from './overseerr-error.js';
import { pollOnce } from './poll.js';
import { refreshFromWebhook } from './refresh-job.js';
import { RequestTracker } from './request-tracker.js';
import { readServerInfo, shortVersion, testConnection, type ServerInfo } from './server-info.js';
import { KnownRequest, Person, WebhookDelivery, migrations } from './tables.js';
import type { WebhookEvent } from './webhook.js';
import { webhookRoute } from './webhook-route.js';

export type { OverseerrConfig } from './config.js';
export type { RequestView, TitleView } from './views.js';

/** A webhook delivery within this long means Overseerr tells us of changes: the poll then runs less often. */
const WEBHOOK_TRUSTED_FOR = 60 * 60_000;
const POLL_WITH_WEBHOOK_EVERY = 5 * 60_000;

export default definePlugin<OverseerrConfig>({
  id: 'overseerr',
  configSchema,
  entities: [Person, KnownRequest, WebhookDelivery],
  migrations,
  // The admin's "Test connection": "Reached Overseerr 1.33 as admin@home.lan".
  testSettings: (config, tools) => testConnection(new OverseerrClient(tools.http, config), tools.signal),
  async register(ctx) {
    const client = new OverseerrClient(ctx.http, ctx.config);
    const plex = () => ctx.useOptional('plex.identity');
    const linking = new Linking(client, ctx.store, ctx.cache, plex, ctx.log);
    const tracker = new RequestTracker(client, ctx.store, ctx.cache, ctx.events, linking, ctx.log);
    const server = (signal?: AbortSignal): Promise<ServerInfo> => ctx.cache.wrap('server', '5m', () => readServerInfo(client, signal));

    memberRoutes(ctx, { client, linking, tracker, server });
    adminRoutes(ctx, { client, linking, tracker });

    const refresh = ctx.jobs.define<WebhookEvent>('refresh', (job) => refreshFromWebhook(job.data, client, tracker, ctx.events, job.signal), {
      attempts: 8,
      backoff: { strategy: 'exponential', delay: '5s' },
      timeout: toMs(ctx.config.timeout) * 4 + 5_000,
    });
    webhookRoute(ctx, refresh);

    // One poll for everybody; while webhooks arrive it is only a safety net, every 5 minutes.
    ctx.jobs.every('poll', ctx.config.pollInterval, async (job) => {
      const lastWebhook = await ctx.cache.get<number>('webhook-at');
      const lastPoll = (await ctx.cache.get<number>('polled-at')) ?? 0;
      if (lastWebhook && Date.now() - lastWebhook < WEBHOOK_TRUSTED_FOR && Date.now() - lastPoll < POLL_WITH_WEBHOOK_EVERY) return { skipped: 'webhooks report changes' };
      const { changes, upstreamCalls } = await pollOnce(client, tracker, job.signal);
      if (job.signal.aborted) return { aborted: true };
      await tracker.push(changes);
      await ctx.cache.set('polled-at', Date.now());
      return { changes: changes.length, upstreamCalls };
    }, { timeout: toMs(ctx.config.timeout) * 6 + 5_000 });

    ctx.health.check('upstream', async (signal) => {
      const started = performance.now();
      try {
        const info = await readServerInfo(client, signal);
        await client.me({ signal });
        const ms = Math.round(performance.now() - started);
        return { detail: `${info.flavor} ${shortVersion(info.version)} answers in ${ms} ms`, degraded: ms > 3000 };
      } catch (err) {
        throw new ServiceUnavailable(isOverseerrError(err) ? err.detail : (err as Error).message);
      }
    }, { timeout: toMs(ctx.config.timeout) * 2 + 1000, reaches: 'Overseerr', downMessage: "Requests aren't available right now" });

    // The portal's one search box (SDK search providers, when the running SDK has them).
    const search = (ctx as unknown as { search?: { provider(p: unknown): void } }).search;
    search?.provider(searchProvider(async (q, signal) => (await searchTitles(ctx, client, q, 1, signal)).results));

    ctx.ui.settings('mn-overseerr-webhook-setup', { module: 'ui/webhook-setup.js' });
    ctx.ui.page('mn-overseerr-requests', { module: 'ui/requests-page.js', title: 'Requests' });
    ctx.ui.page('mn-overseerr-admin', { module: 'ui/admin-page.js', title: 'Requests admin', path: 'admin', auth: 'admin' });
    ctx.ui.widget('mn-overseerr-search', { module: 'ui/search-widget.js', title: 'Request a film or show', size: 2 });
    ctx.ui.widget('mn-overseerr-counts', { module: 'ui/counts-widget.js', title: 'Requests', auth: 'admin' });
  },
});
