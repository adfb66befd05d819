import { definePlugin, duration, toMs, ServiceUnavailable } from '@medianest/sdk';
import { sampleSchema, takeSample, type Sample } from './sample.js';
import { StoredSample, migrations } from './samples-table.js';

/** Settings in plugins.json under plugins.sysinfo.config. */
export interface SysinfoConfig {
  /** How often a sample is taken and sent to dashboards. */
  interval: string;
  /** How many samples the history keeps. */
  keep: number;
  /** Memory use (%) above which the health check reports degraded. */
  memoryWarnPercent: number;
}

const configSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    interval: duration({ default: '5s', minMs: 1000, description: 'How often to sample' }),
    keep: { type: 'integer', minimum: 1, maximum: 10000, default: 720 },
    memoryWarnPercent: { type: 'number', minimum: 1, maximum: 100, default: 95 },
  },
};

const historySchema = {
  type: 'object',
  required: ['samples'],
  properties: {
    samples: {
      type: 'array',
      items: {
        type: 'object',
        required: ['sampledAt', 'load1', 'memoryUsedPercent'],
        properties: { sampledAt: { type: 'string' }, load1: { type: 'number' }, memoryUsedPercent: { type: 'number' } },
      },
    },
  },
};

export default definePlugin<SysinfoConfig>({
  id: 'sysinfo',
  configSchema,
  entities: [StoredSample],
  migrations,
  async register(ctx) {
    const { config } = ctx;

    // Every open dashboard asks for this: a one-second memo saves a Redis round trip per request.
    ctx.routes.get('/now', { auth: 'public', summary: 'The latest sample of load, memory and uptime', response: sampleSchema }, async () => {
      return (await ctx.cache.memo('latest', '1s', () => ctx.cache.get<Sample>('latest'))) ?? takeSample();
    });

    ctx.routes.get(
      '/history',
      {
        auth: 'user',
        summary: 'Stored samples, newest first',
        query: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 500, default: 60 } } },
        response: historySchema,
      },
      async (req) => {
        const rows = await ctx.store.em().find(StoredSample, {}, { orderBy: { sampledAt: 'desc' }, limit: req.query.limit });
        return { samples: rows.map((r) => ({ sampledAt: r.sampledAt.toISOString(), load1: r.load1, memoryUsedPercent: r.memoryUsedPercent })) };
      },
    );

    ctx.jobs.every('sample', config.interval, async (job) => {
      const sample = takeSample();
      const em = ctx.store.em();
      em.create(StoredSample, { sampledAt: new Date(sample.sampledAt), load1: sample.load[0], memoryUsedPercent: sample.memory.usedPercent });
      await em.flush();
      const oldest = await em.find(StoredSample, {}, { orderBy: { sampledAt: 'desc' }, offset: config.keep - 1, limit: 1 });
      if (oldest[0]) await em.nativeDelete(StoredSample, { sampledAt: { $lt: oldest[0].sampledAt } });
      await ctx.cache.set('latest', sample, toMs(config.interval) * 3);
      ctx.events.toAll('sample', sample);
      job.log.debug({ load: sample.load }, 'sampled');
      return { sampledAt: sample.sampledAt };
    });

    ctx.health.check('memory', () => {
      const { memory } = takeSample();
      if (memory.usedPercent >= 99.5) throw new ServiceUnavailable(`memory is full (${memory.usedPercent}% used)`);
      if (memory.usedPercent >= config.memoryWarnPercent) return { degraded: true, detail: `${memory.usedPercent}% of memory used` };
      return { detail: `${memory.usedPercent}% of memory used` };
    });

    ctx.ui.widget('mn-sysinfo-load', { module: 'ui/load-widget.js', title: 'Server', size: 1, auth: 'public' });
  },
});
