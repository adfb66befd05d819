import type { Redis } from 'ioredis';
import type { MikroORM } from '@mikro-orm/postgresql';
import { reply } from '@medianest/sdk';
import type { PluginHost } from '../plugins/plugin-host.js';
import type { Metrics } from '../metrics.js';
import { KOA_CONTEXT, type RequestState, type RouteDef } from './route.js';
import { runCheck, type CheckResult } from '../health/run-check.js';
import { pluginCondition } from '../health/plugin-condition.js';

export interface CoreRouteDeps {
  host: PluginHost;
  orm: MikroORM;
  redis: Redis;
  metrics: Metrics;
  statusCacheMs: number;
  /** Whether signed-out visitors get the widgets marked public (an admin's choice: PUBLIC_DASHBOARD=true). */
  publicDashboard?: boolean;
  /** Where the live plugins.json is, shown on the admin page. */
  pluginsFile?: string;
  /** The embedded PostgreSQL's supervisor state (undefined with an external database). */
  databaseState?: () => { up: boolean; detail: string | null };
  /** Routes of the core and all plugins, for the OpenAPI document. */
  openApi(): unknown;
  /** Queues whose jobs failed: how often in the last hour and the last error (admins see them per plugin). */
  jobFailures?: () => Promise<Array<{ plugin: string; queue: string; failedLastHour: number; lastError: string; lastFailedAt: string }>>;
}

const checkSchema = {
  type: 'object',
  required: ['name', 'status', 'latencyMs', 'detail'],
  properties: {
    name: { type: 'string' },
    status: { enum: ['up', 'down', 'degraded'] },
    latencyMs: { type: 'number' },
    detail: { type: ['string', 'null'] },
    message: { type: ['string', 'null'] },
    reaches: { type: ['string', 'null'] },
    critical: { type: 'boolean' },
    /** The last finished result, shown while a slower run goes on in the background. */
    pending: { type: 'boolean' },
  },
};
const stateEnum = { enum: ['disabled', 'starting', 'running', 'failed', 'stopping'] };
const conditionEnum = { enum: ['disabled', 'starting', 'running', 'degraded', 'failed', 'stopping'] };

/** The core's own routes: health, status, OpenAPI, UI manifest, the signed-in user, plugin admin. */
export function coreRoutes(deps: CoreRouteDeps): RouteDef[] {
  let statusCache: { at: number; value: Promise<any> } | undefined;

  const checkDatabase = async () => {
    const embedded = deps.databaseState?.();
    if (embedded && !embedded.up) throw new Error(embedded.detail ?? 'the embedded PostgreSQL is restarting');
    try {
      await deps.orm.em.getConnection().execute('select 1');
    } catch (err) {
      throw new Error(`cannot reach the database: ${(err as Error).message}`);
    }
  };

  const infraChecks = () =>
    Promise.all([
      runCheck({ name: 'database', run: checkDatabase, options: { timeout: 2000, critical: true } }),
      runCheck({ name: 'redis', run: async () => { await deps.redis.ping(); }, options: { timeout: 2000, critical: true } }),
    ]);

  const status = () => {
    if (statusCache && Date.now() - statusCache.at < deps.statusCacheMs) return statusCache.value;
    const value = deps.host.checks().then((plugins) => {
      for (const p of plugins) for (const c of p.checks) deps.metrics.checkUp.set({ plugin: p.id, check: c.name }, c.status === 'down' ? 0 : 1);
      const degraded = plugins.some((p) => p.state === 'failed' || p.checks.some((c) => c.status !== 'up'));
      return { status: degraded ? 'degraded' : 'ok', plugins };
    });
    statusCache = { at: Date.now(), value };
    value.catch(() => { statusCache = undefined; });
    return value;
  };

  return [
    {
      method: 'GET',
      path: '/api/health',
      options: { auth: 'public', summary: 'Alive: the process answers', response: { type: 'object', properties: { status: { const: 'ok' } } } },
      handler: () => ({ status: 'ok' }),
    },
    {
      method: 'GET',
      path: '/api/health/ready',
      options: { auth: 'public', summary: 'Ready: database, Redis and critical plugin checks pass' },
      handler: async () => {
        const [infra, plugins] = await Promise.all([infraChecks(), deps.host.checks()]);
        const critical = plugins.flatMap((p) => p.checks.filter((c) => c.critical).map((c) => ({ ...c, name: `${p.id}.${c.name}` })));
        const checks: CheckResult[] = [...infra, ...critical];
        const starting = plugins.filter((p) => p.state === 'starting').map((p) => p.id);
        if (!deps.host.pluginsStarted || starting.length) {
          const detail = starting.length ? `Plugins still starting: ${starting.join(', ')}` : 'Plugins are being started';
          checks.push({ name: 'plugins', status: 'down', latencyMs: 0, detail, message: 'MediaNest is starting; try again in a few seconds', reaches: null, critical: true });
        }
        const ready = checks.every((c) => c.status !== 'down');
        return reply(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks });
      },
    },
    {
      method: 'GET',
      path: '/api/status',
      options: {
        auth: 'public',
        summary: 'The overall state for anyone; each plugin in household words for signed-in people; checks, latency and detail for admins (cached briefly)',
        response: {
          type: 'object',
          required: ['status'],
          properties: {
            status: { enum: ['ok', 'degraded'] },
            plugins: {
              type: 'array',
              items: {
                type: 'object',
                required: ['id', 'displayName', 'condition', 'message'],
                properties: {
                  id: { type: 'string' },
                  displayName: { type: 'string' },
                  condition: conditionEnum,
                  message: { type: ['string', 'null'] },
                  state: stateEnum,
                  summary: { type: ['string', 'null'] },
                  checks: { type: 'array', items: checkSchema },
                },
              },
            },
          },
        },
      },
      handler: async (req) => {
        const all = await status();
        if (!req.user) return { status: all.status };
        const admin = req.user.role === 'admin';
        return {
          status: all.status,
          plugins: all.plugins
            .filter((p: any) => admin || p.state !== 'disabled')
            .map((p: any) => {
              const record = deps.host.records.get(p.id);
              const view = pluginCondition(p.state, p.checks, record?.reason ?? null);
              const base = { id: p.id, displayName: record?.pkg?.manifest.displayName ?? p.id, condition: view.condition, message: view.message };
              return admin ? { ...base, state: p.state, summary: view.summary, checks: p.checks } : base;
            }),
        };
      },
    },
    {
      method: 'GET',
      path: '/api/openapi.json',
      options: { auth: 'public', summary: 'This document' },
      handler: () => deps.openApi(),
    },
    {
      method: 'GET',
      path: '/api/ui/manifest',
      options: { auth: 'public', summary: 'Widgets and pages of running plugins that the caller may see, for the portal shell' },
      handler: (req) => {
        const manifest = deps.host.uiManifest(req.user);
        // Signed-out visitors see the sign-in page, not the server's widgets, unless an admin chose a public dashboard.
        return req.user || deps.publicDashboard ? manifest : { ...manifest, widgets: [], pages: [] };
      },
    },
    {
      method: 'GET',
      path: '/api/me',
      options: { auth: 'public', summary: 'The signed-in user, or null; `mustChangePassword` when this session must choose a new password first' },
      beforePasswordChange: true,
      handler: (req: any) => ((req[KOA_CONTEXT].state as RequestState).mustChangePassword ? { user: req.user, mustChangePassword: true } : { user: req.user }),
    },
    {
      method: 'GET',
      path: '/api/admin/plugins',
      options: { auth: 'admin', summary: 'Every plugin in plugins.json with version, state, reason and health' },
      handler: async () => {
        const health = new Map((await status()).plugins.map((p: any) => [p.id, p.checks]));
        // Redis away: the page still shows plugins, without their job failures.
        const failures = (await deps.jobFailures?.().catch(() => []) ?? []);
        return {
          pluginsFile: deps.pluginsFile ?? null,
          plugins: [...deps.host.records.values()].map((r) => {
            const checks = (health.get(r.id) ?? []) as CheckResult[];
            const view = pluginCondition(r.state, checks, r.reason);
            const mine = failures.filter((f) => f.plugin === r.id).map(({ plugin: _, ...f }) => f);
            // Running, but a job keeps failing (3 or more this hour, the last within 10 minutes): not green.
            const failing = mine.find((f) => f.failedLastHour >= 3 && Date.now() - Date.parse(f.lastFailedAt) < 600_000);
            if (failing && view.condition === 'running') Object.assign(view, { condition: 'degraded', summary: `running — job “${failing.queue}” keeps failing` });
            return {
              id: r.id,
              displayName: r.pkg?.manifest.displayName ?? r.id,
              version: r.pkg?.version ?? null,
              enabled: r.entry.enabled,
              state: r.state,
              condition: view.condition,
              summary: view.summary,
              reason: r.reason ?? (r.entry.enabled ? null : r.loadError ?? null),
              checks,
              testable: typeof r.definition?.testSettings === 'function',
              jobFailures: mine,
            };
          }),
          warnings: deps.host.warnings,
        };
      },
    },
  ];
}
