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
    interval: duration({ default: '5s', minMs: 1000, title: 'Sample every', description: 'How often load and memory are read and sent to dashboards (at least 1s)' }),
    keep: {
      type: 'integer', minimum: 1, maximum: 10000, default: 720,
      title: 'Samples kept',
      description: 'How many samples the history keeps (1 to 10000); older ones are deleted',
      errorMessage: { type: 'Enter a whole number of samples', minimum: 'Keep at least 1 sample', maximum: 'Keep at most 10000 samples' },
    },
    memoryWarnPercent: {
      type: 'number', minimum: 1, maximum: 100, default: 95,
      title: 'Memory warning at (%)',
      description: 'Memory use above which the server is shown as degraded (amber)',
      errorMessage: { type: 'Enter a percentage such as 90', minimum: 'Enter a percentage from 1 to 100', maximum: 'Enter a percentage from 1 to 100' },
    },
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

/** "1 hour", "2 days": how far back the kept samples reach. */
function keptFor(config: SysinfoConfig): string {
  const minutes = Math.round((toMs(config.interval) * config.keep) / 60_000);
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'} of history`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} hours of history` : `${Math.round(hours / 24)} days of history`;
}

export default definePlugin<SysinfoConfig>({
  id: 'sysinfo',
  configSchema,
  entities: [StoredSample],
  migrations,
  // No service to reach: the test says what the settings would show right now.
  testSettings(config) {
    const { memory } = takeSample();
    const warn = memory.usedPercent >= config.memoryWarnPercent;
    return {
      ok: true,
      message: `Memory use is ${memory.usedPercent}% now: ${warn ? 'the server would be shown amber' : `below the warning at ${config.memoryWarnPercent}%`}. A sample every ${config.interval}, ${config.keep} kept (${keptFor(config)}).`,
    };
  },
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
      if (memory.usedPercent >= config.memoryWarnPercent) return { degraded: true, detail: `${memory.usedPercent}% of memory used`, message: 'The server is busy and may be slow' };
      return { detail: `${memory.usedPercent}% of memory used` };
    }, { downMessage: 'The server is out of memory and may stop answering' });

    ctx.ui.widget('mn-sysinfo-load', { module: 'ui/load-widget.js', title: 'Server', size: 1, auth: 'public' });
  },
});
