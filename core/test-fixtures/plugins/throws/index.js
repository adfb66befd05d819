import { definePlugin } from '@medianest/sdk';
export default definePlugin({
  id: 'throws',
  register(ctx) {
    ctx.routes.get('/half', { auth: 'public' }, () => ({ mounted: true }));
    ctx.health.check('never', () => {});
    throw new Error('cannot reach the upstream at start');
  },
});
