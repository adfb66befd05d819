import { definePlugin, duration } from '@medianest/sdk';
export default definePlugin({
  id: 'needs-config',
  configSchema: {
    type: 'object',
    required: ['url'],
    properties: { url: { type: 'string', format: 'uri' }, every: duration({ default: '30s', minMs: 10000 }), wait: duration({ default: '5s', maxMs: 60000 }) },
  },
  register(ctx) {
    ctx.routes.get('/config', { auth: 'public' }, () => ({ url: ctx.config.url, every: ctx.config.every }));
  },
});
