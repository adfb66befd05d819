import { randomBytes } from 'node:crypto';
import { definePlugin } from '@medianest/sdk';

// A polling sign-in like Plex's PIN flow: start() hands out a code, the person "links" it at the
// provider (here: POST /link, standing in for plex.tv), and finish() answers once it is linked.
export default definePlugin({
  id: 'fake-sso',
  register(ctx) {
    const linked = new Map();
    ctx.auth.provider({
      id: 'pin',
      name: 'Fake SSO',
      async start({ returnUrl }) {
        const code = randomBytes(4).toString('hex');
        linked.set(code, null);
        // Stands in for the provider's own page (plex.tv/link); served by this plugin so a browser can load it.
        return { url: `${new URL(returnUrl).origin}/api/plugins/fake-sso/link-page?code=${code}`, state: code };
      },
      async finish({ state }) {
        if (!linked.has(state)) throw new Error('unknown pin');
        return linked.get(state);
      },
    });
    ctx.routes.get('/link-page', { auth: 'public' }, (req) => ({ enter: req.query.code }));
    ctx.routes.post('/link', {
      auth: 'public',
      body: { type: 'object', required: ['code', 'externalId', 'username'], properties: { code: { type: 'string' }, externalId: { type: 'string' }, username: { type: 'string' }, displayName: { type: 'string' } } },
    }, (req) => {
      const { code, ...identity } = req.body;
      linked.set(code, identity);
      return undefined;
    });
  },
});
