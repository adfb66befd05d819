import { definePlugin } from '@medianest/sdk';
// A route whose body schema is not JSON Schema (a type that does not exist): the plugin must fail at start.
export default definePlugin({ id: 'bad-schema', register(ctx) { ctx.routes.post('/x', { auth: 'user', body: { type: 'strng' } }, () => ({ ok: true })); } });
