import { definePlugin } from '@medianest/sdk';

export default definePlugin({
  id: 'search-broken',
  register(ctx) {
    ctx.search.provider({
      title: 'Broken',
      async search() {
        throw new Error('connect ECONNREFUSED 127.0.0.1:1 (token=s3cr3t-in-message)');
      },
    });
  },
});
