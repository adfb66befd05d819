import { definePlugin } from '@medianest/sdk';

// A plugin that misbehaves on request: errors nothing catches, process.exit(), endless loops.
export default definePlugin({
  id: 'crashy',
  configSchema: {
    type: 'object',
    properties: { inRegister: { enum: ['none', 'timer', 'exit', 'loop', 'hang'], default: 'none' } },
  },
  async register(ctx) {
    const { inRegister } = ctx.config;
    if (inRegister === 'timer') setTimeout(() => { throw new Error('boom from a timer in register'); }, 5);
    if (inRegister === 'exit') process.exit(2);
    if (inRegister === 'loop') for (;;) {}
    if (inRegister === 'hang') await new Promise(() => {});
    if (inRegister === 'timer') await new Promise((r) => setTimeout(r, 200));

    ctx.routes.get('/ok', { auth: 'public' }, () => ({ ok: true }));
    ctx.routes.post('/timer-throw', { auth: 'public' }, () => {
      setTimeout(() => { throw new Error('boom from a timer'); }, 10);
      return { scheduled: true };
    });
    ctx.routes.post('/reject', { auth: 'public' }, () => {
      setTimeout(() => { Promise.reject(new Error('nobody catches this')); }, 10);
      return { scheduled: true };
    });
    ctx.routes.post('/exit', { auth: 'public' }, () => {
      process.exit(3);
      return { stillHere: true };
    });
    ctx.routes.get('/spin', { auth: 'public' }, () => {
      for (;;) {}
    });
    const crash = ctx.jobs.define('crash', async () => {
      setImmediate(() => { throw new Error('boom from a job'); });
      return null;
    });
    ctx.routes.post('/job-crash', { auth: 'public' }, async () => crash.add({}));
  },
});
