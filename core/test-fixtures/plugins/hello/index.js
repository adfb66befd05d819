import { definePlugin, NotFound, reply, secret } from '@medianest/sdk';

export default definePlugin({
  id: 'hello',
  configSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { greeting: { type: 'string', default: 'Hello' }, token: secret({ type: 'string', minLength: 4 }) },
  },
  register(ctx) {
    ctx.routes.get('/hello', { auth: 'public', response: { type: 'object', required: ['message'], properties: { message: { type: 'string' } } } }, () => ({ message: `${ctx.config.greeting}, world` }));
    ctx.routes.get('/token-length', { auth: 'admin' }, () => ({ length: ctx.config.token?.length ?? 0 }));
    ctx.routes.get('/whoami', { auth: 'user' }, (req) => ({ user: req.user }));
    ctx.routes.get('/admin-only', { auth: 'admin' }, () => ({ secret: 'for admins' }));
    ctx.routes.post('/echo', {
      auth: 'public',
      body: { type: 'object', additionalProperties: false, required: ['name', 'count'], properties: { name: { type: 'string', minLength: 1 }, count: { type: 'integer', minimum: 1 } } },
    }, (req) => reply(201, { name: req.body.name, count: req.body.count }));
    ctx.routes.get('/items/:id', {
      auth: 'public',
      params: { type: 'object', properties: { id: { type: 'string', pattern: '^[0-9]+$' } } },
      query: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 10, default: 5 } } },
    }, (req) => {
      if (req.params.id === '404') throw new NotFound('No item 404');
      return { id: req.params.id, limit: req.query.limit };
    });
    ctx.routes.get('/boom', { auth: 'public' }, () => { throw new Error(`database password is ${ctx.config.token}`); });
    ctx.routes.get('/bad-answer', { auth: 'public', response: { type: 'object', required: ['n'], properties: { n: { type: 'number' } } } }, () => ({ n: 'not a number' }));
    ctx.routes.delete('/nothing', { auth: 'public' }, () => undefined);
    ctx.routes.get('/cached-missing', { auth: 'public' }, () => reply(404, { missing: 'thing' }, { 'Cache-Control': 'max-age=60', 'X-Frame-Options': 'SAMEORIGIN' }));
    ctx.routes.post('/notify', {
      auth: 'admin',
      body: { type: 'object', required: ['to'], properties: { to: { enum: ['all', 'users', 'admins', 'user'] }, userId: { type: 'string' } } },
    }, (req) => {
      const data = { to: req.body.to };
      if (req.body.to === 'all') ctx.events.toAll('note', data);
      else if (req.body.to === 'users') ctx.events.toUsers('note', data);
      else if (req.body.to === 'admins') ctx.events.toAdmins('note', data);
      else ctx.events.toUser(req.body.userId, 'note', data);
      return undefined;
    });
    ctx.routes.post('/wave', { auth: 'public' }, () => {
      ctx.events.toAll('wave', { at: Date.now() });
      return { sent: true };
    });
    ctx.health.check('fine', () => ({ detail: 'all good' }));
    ctx.health.check('hangs', () => new Promise(() => {}), { timeout: 300 });
    ctx.provide('greeter', { greet: (name) => `${ctx.config.greeting}, ${name}` });
    ctx.ui.widget('mn-hello-card', { module: 'ui/card.js', title: 'Hello', auth: 'public' });
    ctx.ui.widget('mn-hello-members', { module: 'ui/card.js', title: 'Members only' });
    ctx.ui.page('mn-hello-admin', { module: 'ui/card.js', title: 'Hello admin', auth: 'admin' });
  },
});
