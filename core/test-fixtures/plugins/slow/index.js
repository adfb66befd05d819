import { definePlugin } from '@medianest/sdk';
export default definePlugin({
  id: 'slow',
  async register(ctx) {
    ctx.routes.get('/x', { auth: 'public' }, () => ({}));
    await new Promise((resolve) => setTimeout(resolve, 60_000).unref());
  },
});
