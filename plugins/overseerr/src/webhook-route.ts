// POST /webhook, called by Overseerr's webhook agent. Wrong or missing Authorization: 401 and
// nothing changes. A malformed body: 400 naming the field. A delivery seen before: 200, nothing
// done twice. Otherwise the request is read again from Overseerr by a queued job (retried while
// Overseerr is away), so a delivery is never lost, and the body's values are never trusted.
import { BadRequest, Unauthorized, reply, type JobQueue, type PluginContext } from '@medianest/sdk';
import type { OverseerrConfig } from './config.js';
import { checkShape } from './shape-check.js';
import { WebhookDelivery } from './tables.js';
import { authorized, deliveryHash, readEvent, webhookAuthorization, webhookBodySchema, type WebhookEvent } from './webhook.js';

export function webhookRoute(ctx: PluginContext<OverseerrConfig>, refresh: JobQueue<WebhookEvent>): void {
  const expected = webhookAuthorization(ctx.config.apiKey);

  ctx.routes.post('/webhook', { auth: 'public', summary: "Overseerr's webhook: a request or issue changed", rateLimit: '120/min' }, async (req) => {
    if (!authorized(req.header('authorization'), expected)) {
      throw new Unauthorized('Wrong or missing Authorization header: copy the value shown in MediaNest (Admin → Requests → Webhook) into Overseerr');
    }
    const problem = checkShape(webhookBodySchema, req.body);
    if (problem) throw new BadRequest(`This is not a webhook body MediaNest understands (${problem}); paste the JSON payload shown in MediaNest into Overseerr`);
    const event = readEvent(req.body);
    await ctx.cache.set('webhook-at', Date.now());
    const hash = deliveryHash(req.body);
    const em = ctx.store.em();
    if (await em.findOne(WebhookDelivery, { hash })) return { ok: true, duplicate: true };
    em.create(WebhookDelivery, { hash, event: event.type, receivedAt: new Date() });
    await em.flush().catch(async (err: Error) => {
      // The same delivery, arriving twice at once: the other one handles it.
      if (/duplicate key|unique/i.test(err.message)) return;
      throw err;
    });
    if (event.isTest) {
      req.log.info('Overseerr sent a test webhook: the header and address work');
      ctx.events.toAdmins('webhook-test', { at: new Date().toISOString() });
      return reply(200, { ok: true, test: true });
    }
    try {
      await refresh.add(event, { jobId: hash });
    } catch (err) {
      // Not queued: forget the delivery so that Overseerr's next one is handled; the poll catches up.
      await ctx.store.em().nativeDelete(WebhookDelivery, { hash });
      throw err;
    }
    return reply(202, { ok: true });
  });
}
