import { definePlugin } from '@medianest/sdk';
export default definePlugin({
  id: 'perms',
  register(ctx) {
    ctx.routes.post('/download', { auth: 'user', permission: 'perms.download' }, () => ({ queued: true }));
    ctx.routes.post('/limited', { auth: 'public', rateLimit: '2/min' }, () => ({ ok: true }));
    ctx.routes.post('/approve', { auth: 'user', permission: 'perms.approve' }, () => ({ approved: true }));
  },
});
