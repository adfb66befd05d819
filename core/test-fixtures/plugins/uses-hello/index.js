import { definePlugin } from '@medianest/sdk';
export default definePlugin({
  id: 'uses-hello',
  register(ctx) {
    const greeter = ctx.use('hello.greeter');
    ctx.routes.get('/greet/:name', { auth: 'public' }, (req) => ({ message: greeter.greet(req.params.name) }));
  },
});
