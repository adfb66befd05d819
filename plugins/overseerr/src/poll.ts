// One poll for everybody: what changed in Overseerr since the last look, however many pages are open.
import { isOverseerrError } from './overseerr-error.js';
import type { OverseerrClient } from './overseerr-client.js';
import type { ORequest } from './overseerr-types.js';
import type { RequestChange, RequestTracker } from './request-tracker.js';

/** At most this many requests are read one by one per poll (those that left the lists below). */
const SINGLE_READS = 20;

/**
 * Reads the 50 most recently modified requests (new ones, approvals, declines) and every request
 * not yet available (`filter=unavailable`: its media may have moved on without the request being
 * modified). A request we knew as still moving that is in neither list became available, failed or
 * was deleted: it is read alone. Two calls to Overseerr per poll, whatever the number of viewers.
 */
export async function pollOnce(client: OverseerrClient, tracker: RequestTracker, signal: AbortSignal): Promise<{ changes: RequestChange[]; upstreamCalls: number }> {
  const [modified, unavailable] = await Promise.all([
    client.requests({ take: 50, sort: 'modified', filter: 'all' }, { signal }),
    client.requests({ take: 100, sort: 'added', filter: 'unavailable' }, { signal }),
  ]);
  const seen = new Map<number, ORequest>();
  for (const r of [...modified.results, ...unavailable.results]) seen.set(r.id, r);
  let upstreamCalls = 2;
  const gone: number[] = [];
  const left = (await tracker.activeIds()).filter((id) => !seen.has(id)).slice(0, SINGLE_READS);
  for (const id of left) {
    upstreamCalls++;
    try {
      seen.set(id, await client.request(id, { signal }));
    } catch (err) {
      if (isOverseerrError(err) && err.reason === 'not-found') gone.push(id);
      else throw err;
    }
  }
  const changes = await tracker.record([...seen.values()], signal);
  await tracker.forget(gone);
  return { changes, upstreamCalls };
}
