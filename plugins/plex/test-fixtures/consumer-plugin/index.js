// A plugin that uses the Plex plugin's services the way the YouTube and Overseerr plugins do:
// declared in `optionalDependencies`, looked up when needed (Plex may start later or stop).
import { definePlugin, ServiceUnavailable } from '@medianest/sdk';

export default definePlugin({
  id: 'plex-consumer',
  async register(ctx) {
    const library = () => {
      const found = ctx.useOptional('plex.library');
      if (!found) throw new ServiceUnavailable('Plex is not running');
      return found;
    };
    ctx.routes.get('/sections', { auth: 'admin' }, async () => ({ sections: await library().sections() }));
    ctx.routes.get('/section-for', { auth: 'admin', query: { type: 'object', required: ['path'], properties: { path: { type: 'string' } } } }, async (req) => ({ section: await library().sectionFor(req.query.path) }));
    ctx.routes.post('/scan', { auth: 'admin', body: { type: 'object', required: ['sectionId'], properties: { sectionId: { type: 'string' }, path: { type: 'string' } } } }, async (req) => {
      await library().scan(req.body.sectionId, req.body.path);
      return { scanned: true };
    });
    ctx.routes.get('/identity/:userId', { auth: 'admin' }, async (req) => ({ account: (await ctx.useOptional('plex.identity')?.forUser(req.params.userId)) ?? null }));
  },
});
