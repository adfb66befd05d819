import { definePlugin } from '@medianest/sdk';

// A widget whose data route answers only when the test opens a gate (a real wait in a real route),
// and whose service can be "down": then its route fails, its health check fails, and its widget
// shows nothing (as a careless widget would), so the portal's card must say something.
let release = () => {};
let gate = Promise.resolve();
let down = false;

export default definePlugin({
  id: 'slow-widget',
  register(ctx) {
    ctx.routes.get('/items', { auth: 'user' }, async () => {
      await gate;
      if (down) throw new Error('the pantry service is switched off');
      return { items: ['Milk', 'Bread', 'Apples'] };
    });
    // The test's controls: hold answers until opened; take the service down or bring it back.
    ctx.routes.post('/hold', { auth: 'public' }, () => { gate = new Promise((r) => (release = r)); return { held: true }; });
    ctx.routes.post('/open', { auth: 'public' }, () => { release(); gate = Promise.resolve(); return { held: false }; });
    ctx.routes.post('/down', { auth: 'public', body: { type: 'object', required: ['down'], properties: { down: { type: 'boolean' } } } }, (req) => {
      down = req.body.down;
      return { down };
    });
    ctx.health.check('pantry', () => { if (down) throw new Error('pantry.invalid: connection refused'); }, { reaches: 'the pantry list', downMessage: "The pantry list isn't available right now" });
    ctx.ui.widget('mn-slow-widget-items', { module: 'ui/items.js', title: 'Pantry' });
  },
});
