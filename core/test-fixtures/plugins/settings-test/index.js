import { definePlugin, secret, url } from '@medianest/sdk';

// A plugin whose "Test connection" fetches its address with the tools it is given and reports the token it got.
export default definePlugin({
  id: 'settings-test',
  configSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['address'],
    properties: { address: url({ title: 'Server address' }), token: secret({ type: 'string', minLength: 4, title: 'Token' }) },
  },
  async testSettings(config, tools) {
    if (config.address.endsWith('/throw')) throw new Error('the test blew up');
    const res = await tools.http.fetch(config.address, { signal: tools.signal, retries: 0 });
    tools.log.info('tested');
    return res.ok
      ? { ok: true, message: `Reached it (${res.status}) with a token of ${config.token?.length ?? 0} characters` }
      : { ok: false, message: 'It answered with an error', detail: `status ${res.status}` };
  },
  register(ctx) {
    ctx.routes.get('/token-length', { auth: 'admin' }, () => ({ length: ctx.config.token?.length ?? 0 }));
  },
});
