import { definePlugin } from '@medianest/sdk';

// A repeating job that fails on every run, as one pointed at a service that answers 500 would.
export default definePlugin({
  id: 'jobs-failing',
  register(ctx) {
    ctx.jobs.every('sync', '300ms', async () => {
      throw new Error('the NAS answered 500');
    });
  },
});
