import { definePlugin } from '@medianest/sdk';
export default definePlugin({ id: 'no-auth-route', register(ctx) { ctx.routes.get('/open', {}, () => ({ open: true })); } });
