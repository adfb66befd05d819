import { definePlugin, toMs, ServiceUnavailable } from '@medianest/sdk';
import { configSchema, type KumaConfig } from './config.js';
import { KumaClient } from './kuma-client.js';
import { pollOnce, visiblePart } from './poll.js';
import { emptyView, type StatusView } from './status-view.js';
import { StoredChange, migrations } from './changes-table.js';
import { historyQuerySchema, historySchema, statusViewSchema } from './route-schemas.js';

export type { KumaConfig } from './config.js';
export type * from './status-view.js';

/** How long the last view outlives the plugin (a renamed page list leaves its old view behind). */
const VIEW_KEPT = '30d';

/** History rows kept in the database; older ones are pruned after each poll that adds one. */
const HISTORY_KEPT = 500;

export default definePlugin<KumaConfig>({
  id: 'uptime-kuma',
  configSchema,
  entities: [StoredChange],
  migrations,
  async register(ctx) {
    const { config } = ctx;
    const client = new KumaClient(ctx.http, config);
    const intervalMs = toMs(config.pollInterval);
    const fresh = () => emptyView(intervalMs);
    // The view outlives a restart of the plugin; a changed list of pages or interval starts clean.
    const viewKey = `view:${intervalMs}:${config.statusPages.join(',')}`;

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
      const { view, changes, metricsError } = await pollOnce(client, config.statusPages, Boolean(config.apiKey), previous, job.signal);
      await ctx.cache.set(viewKey, view, VIEW_KEPT);
      await ctx.cache.set('metrics-error', metricsError ?? '');
      if (changes.length) {
        const em = ctx.store.em();
        for (const c of changes) em.create(StoredChange, { monitorId: c.monitorId, monitorName: c.name, fromStatus: c.from, toStatus: c.to, changedAt: new Date(c.at) });
        await em.flush();
        const oldest = await em.find(StoredChange, {}, { orderBy: { id: 'desc' }, offset: HISTORY_KEPT - 1, limit: 1 });
        if (oldest[0]) await em.nativeDelete(StoredChange, { id: { $lt: oldest[0].id } });
      }
      if (view.upstream.state !== previous.upstream.state) {
        if (view.upstream.state === 'unreachable') job.log.warn({ error: view.upstream.error }, 'Uptime Kuma is unreachable; showing the last known states');
        else if (previous.upstream.state === 'unreachable') job.log.info('Uptime Kuma answers again');
      }
      if (changes.length || visiblePart(view) !== visiblePart(previous)) ctx.events.toUsers('status', { view, changes });
      return { pages: view.pages.length, changes: changes.length, upstream: view.upstream.state };
    }, { timeout: '60s' });

    ctx.health.check('upstream', async (signal) => {
      const ms = await client.ping(signal).catch((err: Error) => {
        throw new ServiceUnavailable(`Uptime Kuma does not answer: ${err.message}`);
      });
      const view = await readView();
      const problems = view.pages.filter((p) => p.error).map((p) => `status page "${p.slug}": ${p.error}`);
      const metricsError = await ctx.cache.get<string>('metrics-error');
      if (metricsError) problems.push(`metrics: ${metricsError}`);
      const detail = `answers in ${ms} ms`;
      return problems.length ? { degraded: true, detail: `${detail}, but ${problems.join('; ')}` } : { detail, degraded: ms > 2000 };
    }, { timeout: toMs(config.timeout) + 1000 });

    ctx.ui.widget('mn-uptime-kuma-status', { module: 'ui/status-widget.js', title: 'Services', size: 2 });
  },
});
