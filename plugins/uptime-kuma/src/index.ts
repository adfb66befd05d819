import { definePlugin, toMs, ServiceUnavailable } from '@medianest/sdk';
import { configSchema, type KumaConfig } from './config.js';
import { KumaClient } from './kuma-client.js';
import { pollOnce, visiblePart } from './poll.js';
import { recordChanges } from './record-changes.js';
import { emptyView, type StatusView } from './status-view.js';
import { StoredChange, KnownState, migrations } from './tables.js';
import { historyQuerySchema, historySchema, statusViewSchema } from './route-schemas.js';
import { testSettings } from './settings-test.js';

export type { KumaConfig } from './config.js';
export type * from './status-view.js';

/** How long the last view outlives the plugin (a renamed page list leaves its old view behind). */
const VIEW_KEPT = '30d';

export default definePlugin<KumaConfig>({
  id: 'uptime-kuma',
  configSchema,
  entities: [StoredChange, KnownState],
  migrations,
  testSettings,
  async register(ctx) {
    const { config } = ctx;
    const client = new KumaClient(ctx.http, config);
    const intervalMs = toMs(config.pollInterval);
    const fresh = () => emptyView(intervalMs);
    // The view outlives a restart of the plugin; another address, list of pages or interval starts
    // a clean one (what changed meanwhile is still found: the known states are in the database).
    const viewKey = `view:${intervalMs}:${config.baseUrl}:${config.statusPages.join(',')}`;

    const readView = async (): Promise<StatusView> => (await ctx.cache.get<StatusView>(viewKey)) ?? fresh();

    ctx.routes.get('/status', { auth: 'user', summary: 'Service states from the Uptime Kuma status pages, as of the last poll', response: statusViewSchema }, async () => {
      const view = await ctx.cache.memo('view', '1s', readView);
      // No poll for three intervals (workers stopped?): what is shown is old, say so.
      const checked = view.upstream.checkedAt ? Date.parse(view.upstream.checkedAt) : Date.now();
      return Date.now() - checked > Math.max(3 * intervalMs, 60_000) ? { ...view, stale: true } : view;
    });

    ctx.routes.get(
      '/history',
      { auth: 'user', summary: 'Recent changes of state, newest first, with how long each lasted', query: historyQuerySchema, response: historySchema },
      async (req) => {
        const { limit, monitorId } = req.query as { limit: number; monitorId?: number };
        const where = monitorId === undefined ? {} : { monitorId };
        const rows = await ctx.store.em().find(StoredChange, where, { orderBy: { id: 'desc' }, limit });
        // Newest first: the change that ended a row is the nearest newer row of the same monitor,
        // which is always among the rows read before it.
        const next = new Map<number, Date>();
        const changes = rows.map((row) => {
          const endedAt = next.get(row.monitorId) ?? null;
          next.set(row.monitorId, row.changedAt);
          return {
            monitorId: row.monitorId,
            name: row.monitorName,
            from: row.fromStatus,
            to: row.toStatus,
            at: row.changedAt.toISOString(),
            endedAt: endedAt?.toISOString() ?? null,
            durationMs: endedAt ? Math.max(0, endedAt.getTime() - row.changedAt.getTime()) : null,
          };
        });
        return { changes };
      },
    );

    ctx.jobs.every('poll', config.pollInterval, async (job) => {
      const previous = await readView();
      const { view, metricsError } = await pollOnce(client, config.statusPages, Boolean(config.apiKey), previous, job.signal);
      // Timed out or stopping: the aborted requests say nothing about Uptime Kuma, so nothing is kept.
      if (job.signal.aborted) return { aborted: true };
      // Changes first: if the database fails, the view stays as it was and the next poll finds them again.
      const changes = await recordChanges(ctx.store.em(), view, view.upstream.checkedAt!);
      await ctx.cache.set(viewKey, view, VIEW_KEPT);
      await ctx.cache.set('metrics-error', metricsError ?? '');
      if (view.upstream.state !== previous.upstream.state) {
        if (view.upstream.state === 'unreachable') job.log.warn({ error: view.upstream.error }, 'Uptime Kuma is unreachable; showing the last known states');
        else if (previous.upstream.state === 'unreachable') job.log.info('Uptime Kuma answers again');
      }
      // The whole view when something shown changed, else only the time of the check (open
      // dashboards tell from it that the states are current).
      if (changes.length || visiblePart(view) !== visiblePart(previous)) ctx.events.toUsers('status', { view, changes });
      else ctx.events.toUsers('checked', { checkedAt: view.upstream.checkedAt });
      return { pages: view.pages.length, changes: changes.length, upstream: view.upstream.state };
    }, { timeout: toMs(config.timeout) + 30_000 });

    ctx.health.check('upstream', async (signal) => {
      const ms = await client.ping(signal).catch((err: Error) => {
        throw new ServiceUnavailable(`Uptime Kuma does not answer: ${err.message}`);
      });
      const view = await readView();
      const problems = view.pages.filter((p) => p.error).map((p) => `status page "${p.slug}": ${p.error}`);
      const metricsError = await ctx.cache.get<string>('metrics-error');
      if (metricsError) problems.push(`metrics: ${metricsError}`);
      const detail = `answers in ${ms} ms`;
      if (problems.length) return { degraded: true, detail: `${detail}, but ${problems.join('; ')}`, message: 'Some service states may be out of date' };
      return ms > 2000 ? { degraded: true, detail: `${detail} (slow)`, message: 'Service status is slow to update' } : { detail };
    }, { timeout: toMs(config.timeout) + 1000, reaches: 'Uptime Kuma', downMessage: "Service status isn't available right now" });

    // Other plugins (the links tiles) take a monitor's state from here instead of checking again.
    ctx.provide('monitors', {
      async list() {
        const view = await ctx.cache.memo('view', '1s', readView);
        const monitors = view.pages.flatMap((p) => p.groups.flatMap((g) => g.monitors)).map((m) => ({ name: m.name, status: m.status, pingMs: m.pingMs }));
        return { reachable: view.upstream.state === 'ok', monitors };
      },
    });

    ctx.ui.widget('mn-uptime-kuma-status', { module: 'ui/status-widget.js', title: 'Services', size: 2 });
  },
});
