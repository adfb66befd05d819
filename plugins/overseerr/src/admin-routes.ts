// Admin routes: everyone's pending requests with approve / decline, the counts widget, linking
// people to Overseerr users, and what to paste into Overseerr's webhook settings.
import { NotFound, type PluginContext } from '@medianest/sdk';
import type { OverseerrConfig } from './config.js';
import type { Linking } from './linking.js';
import type { OverseerrClient } from './overseerr-client.js';
import { isOverseerrError } from './overseerr-error.js';
import type { RequestTracker } from './request-tracker.js';
import * as R from './route-schemas.js';
import { Person, WebhookDelivery } from './tables.js';
import { WEBHOOK_TEMPLATE, webhookAuthorization } from './webhook.js';
import { explain } from './words.js';

export interface AdminDeps {
  client: OverseerrClient;
  linking: Linking;
  tracker: RequestTracker;
}

const int = (n: number | undefined) => Math.max(0, Math.trunc(n ?? 0));

export function adminRoutes(ctx: PluginContext<OverseerrConfig>, d: AdminDeps): void {
  const { client, linking, tracker } = d;

  ctx.routes.get('/requests/pending', { auth: 'admin', summary: "Everyone's requests waiting for approval, newest first", response: R.requestListSchema }, async (req) => {
    try {
      const page = await client.requests({ take: 50, sort: 'added', filter: 'pending' }, { signal: req.signal });
      await tracker.push(await tracker.record(page.results, req.signal));
      return { requests: await tracker.views(page.results.map((r) => r.id)) };
    } catch (err) {
      throw explain(err, req.user);
    }
  });

  ctx.routes.post('/requests/:id/:decision', { auth: 'admin', summary: 'Approves or declines a request', params: R.decisionParamsSchema, response: R.oneRequestSchema }, async (req) => {
    const { id, decision } = req.params as { id: string; decision: 'approve' | 'decline' };
    // As the admin's own Overseerr user when linked, so Overseerr records who decided.
    const asUser = (await linking.overseerrIdFor(req.user!, req.signal).catch(() => null)) ?? undefined;
    let decided;
    try {
      decided = await client.setStatus(Number(id), decision, { asUser, signal: req.signal }).catch((err) => {
        if (asUser !== undefined && isOverseerrError(err) && err.reason === 'permission') return client.setStatus(Number(id), decision, { signal: req.signal });
        throw err;
      });
    } catch (err) {
      if (isOverseerrError(err) && err.reason === 'not-found') throw new NotFound('That request is gone from Overseerr; reload the list');
      throw explain(err, req.user);
    }
    await tracker.push(await tracker.record([decided], req.signal));
    const [view] = await tracker.views([decided.id]);
    return { request: view!, message: decision === 'approve' ? `Approved: ${view!.title}` : `Declined: ${view!.title}` };
  });

  ctx.routes.get('/counts', { auth: 'admin', summary: 'How many requests are pending, approved, processing and available, and open issues', response: R.countsSchema }, async (req) => {
    return ctx.cache.wrap('counts', '10s', async () => {
      const [c, issues] = await Promise.all([
        client.counts({ signal: req.signal }),
        client.issueCounts({ signal: req.signal }).catch(() => undefined),
      ]).catch((err) => { throw explain(err, req.user); });
      return { pending: int(c.pending), approved: int(c.approved), processing: int(c.processing), available: int(c.available), declined: int(c.declined), total: int(c.total), issues: issues ? int(issues.open ?? issues.total) : null };
    });
  });

  ctx.routes.get('/people', { auth: 'admin', summary: 'People who used Requests and the Overseerr user each acts as', response: R.peopleSchema }, async (req) => {
    const overseerrUsers = await linking.overseerrUsers(req.signal).catch((err) => { throw explain(err, req.user); });
    const rows = await ctx.store.em().find(Person, {}, { orderBy: { name: 'asc' } });
    const people = rows.map((p) => {
      const name = p.name.trim().toLowerCase();
      const suggestion = p.overseerrUserId == null ? overseerrUsers.find((u) => u.name.trim().toLowerCase() === name)?.id ?? null : null;
      return { userId: p.userId, name: p.name, overseerrUserId: p.overseerrUserId ?? null, linkedBy: p.linkedBy ?? null, suggestion };
    });
    return { people, overseerrUsers };
  });

  ctx.routes.put('/people/:userId', { auth: 'admin', summary: 'Links a person to an Overseerr user (null: not linked)', params: R.personParamsSchema, body: R.linkBodySchema }, async (req) => {
    const { userId } = req.params as { userId: string };
    const { overseerrUserId } = req.body as { overseerrUserId: number | null };
    if (overseerrUserId !== null) {
      const users = await linking.overseerrUsers(req.signal).catch((err) => { throw explain(err, req.user); });
      if (!users.some((u) => u.id === overseerrUserId)) throw new NotFound('That Overseerr user no longer exists; reload the page');
    }
    const person = await ctx.store.em().findOne(Person, { userId });
    if (!person) throw new NotFound('That person has not used Requests yet; reload the page');
    await linking.link(userId, overseerrUserId);
    req.log.info({ userId, overseerrUserId }, 'an admin linked a person to an Overseerr user');
  });

  ctx.routes.get('/webhook', { auth: 'admin', summary: 'What to paste into Overseerr: webhook URL path, Authorization header and JSON payload', response: R.webhookInfoSchema }, async () => {
    const [last] = await ctx.store.em().find(WebhookDelivery, {}, { orderBy: { receivedAt: 'desc' }, limit: 1 });
    return {
      path: `/api/plugins/${ctx.id}/webhook`,
      authorization: webhookAuthorization(ctx.config.apiKey),
      template: WEBHOOK_TEMPLATE,
      lastDelivery: last ? { event: last.event, at: last.receivedAt.toISOString() } : null,
    };
  });
}
