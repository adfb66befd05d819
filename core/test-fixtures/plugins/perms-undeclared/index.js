import { definePlugin } from '@medianest/sdk';
export default definePlugin({
  id: 'perms-undeclared',
  register(ctx) {
    ctx.routes.post('/x', { auth: 'user', permission: 'perms-undeclared.secret' }, () => ({}));
  },
});
