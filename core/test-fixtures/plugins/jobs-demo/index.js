import { definePlugin } from '@medianest/sdk';

export default definePlugin({
  id: 'jobs-demo',
  register(ctx) {
    const count = ctx.jobs.define('count', async (job) => {
      for (let i = 1; i <= job.data.to; i++) {
        job.progress(Math.round((i / job.data.to) * 100));
        await new Promise((r) => setTimeout(r, 20));
      }
      return { counted: job.data.to };
    }, { concurrency: 2 });
    ctx.routes.post('/count', {
      auth: 'public',
      body: { type: 'object', required: ['to'], properties: { to: { type: 'integer', minimum: 1, maximum: 20 } } },
    }, async (req) => count.add({ to: req.body.to }, { notify: 'all' }));
    ctx.jobs.every('tick', '300ms', async () => {
      const n = ((await ctx.cache.get('ticks')) ?? 0) + 1;
      await ctx.cache.set('ticks', n);
      ctx.events.toAll('tick', { n });
    });
    ctx.routes.get('/ticks', { auth: 'public' }, async () => ({ ticks: (await ctx.cache.get('ticks')) ?? 0 }));
  },
});
