// What a webhook delivery sets off: read the named request (or the title's open requests) from
// Overseerr, keep it, and tell the requester and admins when it changed.
import type { Events } from '@medianest/sdk';
import type { OverseerrClient } from './overseerr-client.js';
import { isOverseerrError } from './overseerr-error.js';
import type { RequestTracker } from './request-tracker.js';
import type { WebhookEvent } from './webhook.js';

export async function refreshFromWebhook(event: WebhookEvent, client: OverseerrClient, tracker: RequestTracker, events: Events, signal: AbortSignal): Promise<{ changed: number }> {
  if (event.isIssue) {
    events.toAdmins('counts-changed', { at: new Date().toISOString() });
    return { changed: 0 };
  }
  const ids = event.requestId ? [event.requestId] : event.tmdbId ? await tracker.activeIdsOfTitle(event.tmdbId) : [];
  const found = [];
  const gone = [];
  for (const id of ids) {
    try {
      found.push(await client.request(id, { signal }));
    } catch (err) {
      if (isOverseerrError(err) && err.reason === 'not-found') gone.push(id);
      else throw err; // Overseerr away: the job is tried again
    }
  }
  const changes = await tracker.record(found, signal);
  await tracker.forget(gone);
  await tracker.push(changes);
  return { changed: changes.length };
}
