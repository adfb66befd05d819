import { createRequire } from 'node:module';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { LatencyHistogram } from './latency-histogram.js';
import type Koa from 'koa';

/** Where the gauges read their values when Prometheus scrapes. */
export interface MetricSources {
  pluginStates(): Array<{ plugin: string; state: string }>;
  queueDepths(): Promise<Array<{ plugin: string; queue: string; counts: Record<string, number> }>>;
}

const STATES = ['disabled', 'starting', 'running', 'failed', 'stopping'];

/**
 * prom-client's default process metrics, but its GC histogram: that one observes every garbage
 * collection through a PerformanceObserver, and Node builds each entry with a map and four
 * deprecation wrappers, a hundred times a second under load. Under the bench's load that was a
 * quarter of everything promoted to the old generation (so more full collections, each a pause
 * of 3–6 ms) and about 0.5 % of the CPU. Event-loop lag, which is what a pause costs a person,
 * is still measured. prom-client has no switch for one default metric, so its collectors are
 * called one by one; an unknown name (a future prom-client) falls back to all of them.
 */
function collectProcessMetrics(registry: Registry): void {
  const config = { register: registry, prefix: 'medianest_', eventLoopMonitoringPrecision: 10 };
  const wanted = collectDefaultMetrics.metricsList.filter((name) => name !== 'gc');
  const load = createRequire(import.meta.url);
  try {
    const collectors = wanted.map((name) => load(`prom-client/lib/metrics/${name}`) as (r: Registry, c: typeof config) => void);
    for (const collect of collectors) collect(registry, config);
  } catch {
    collectDefaultMetrics(config);
  }
}

/** Prometheus metrics of one core: HTTP latency by route, queue depth, job outcomes, plugin states and health. */
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration = new LatencyHistogram('medianest_http_request_duration_seconds', 'HTTP request latency by route', [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]);
  readonly jobOutcomes = new Counter({
    name: 'medianest_job_outcomes_total',
    help: 'Finished job tries by outcome',
    labelNames: ['plugin', 'queue', 'outcome'],
    registers: [this.registry],
  });
  private sources?: MetricSources;
  readonly queueDepth: Gauge = new Gauge({
    name: 'medianest_queue_jobs',
    help: 'Jobs per queue and state',
    labelNames: ['plugin', 'queue', 'state'],
    registers: [this.registry],
    collect: async () => {
      this.queueDepth.reset();
      for (const q of (await this.sources?.queueDepths().catch(() => [])) ?? []) {
        for (const [state, n] of Object.entries(q.counts)) this.queueDepth.set({ plugin: q.plugin, queue: q.queue, state }, n);
      }
    },
  });
  readonly pluginState: Gauge = new Gauge({
    name: 'medianest_plugin_state',
    help: '1 for the state each plugin is in',
    labelNames: ['plugin', 'state'],
    registers: [this.registry],
    collect: () => {
      this.pluginState.reset();
      for (const p of this.sources?.pluginStates() ?? []) {
        for (const s of STATES) this.pluginState.set({ plugin: p.plugin, state: s }, p.state === s ? 1 : 0);
      }
    },
  });
  readonly checkUp = new Gauge({
    name: 'medianest_health_check_up',
    help: '1 when a plugin health check passed at the last /api/status',
    labelNames: ['plugin', 'check'],
    registers: [this.registry],
  });

  /** Records a request's latency, labelled by the matched route pattern (not the raw URL). */
  observe(ctx: Koa.Context, started: number): void {
    const route = String((ctx as any)._matchedRoute ?? (ctx.status === 404 || ctx.path.startsWith('/api/') ? 'unmatched' : 'static'));
    this.httpDuration.observe(ctx.method, route, ctx.status, (performance.now() - started) / 1000);
  }

  setSources(sources: MetricSources): void {
    this.sources = sources;
  }

  constructor(defaults = true) {
    this.registry.registerMetric(this.httpDuration as never);
    if (defaults) collectProcessMetrics(this.registry);
  }
}
