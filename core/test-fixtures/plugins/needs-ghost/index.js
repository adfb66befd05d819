import { definePlugin } from '@medianest/sdk';
export default definePlugin({ id: 'needs-ghost', register(ctx) { ctx.routes.get('/x', { auth: 'public' }, () => ({})); } });
