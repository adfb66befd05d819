import { definePlugin } from '@medianest/sdk';

// Version 1 had { url }, version 2 renamed it { baseUrl }, version 3 split { baseUrl } into { host, port }.
export default definePlugin({
  id: 'settings-v3',
  configVersion: 3,
  migrateConfig: {
    2: ({ url, ...rest }) => ({ ...rest, baseUrl: url }),
    3: ({ baseUrl, ...rest }) => {
      if (rest.explode) throw new Error('cannot read this address');
      const u = new URL(baseUrl);
      return { ...rest, host: u.hostname, port: Number(u.port || 80) };
    },
  },
  configSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['host', 'port'],
    properties: { host: { type: 'string', title: 'Host' }, port: { type: 'integer', title: 'Port' }, apiKey: { type: 'string' }, explode: { type: 'boolean' } },
  },
  register(ctx) {
    ctx.routes.get('/where', { auth: 'public' }, () => ({ host: ctx.config.host, port: ctx.config.port }));
  },
});
