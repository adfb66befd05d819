// The last known state of every request, and who hears of a change: the requester's open pages
// and the admins'. Fed by polls, webhooks and the plugin's own calls; a change is pushed once.
import type { Cache, Events, Logger, Store } from '@medianest/sdk';
import type { Linking } from './linking.js';
import type { OverseerrClient } from './overseerr-client.js';
import type { ORequest } from './overseerr-types.js';
import { KnownRequest } from './tables.js';
import { knownRow, requestView, yearOf, type KnownRow, type RequestView, type TitleInfo } from './views.js';

/** A request whose state changed (or that is new to us). */
export interface RequestChange {
  request: RequestView;
  /** The state before, or null for a request seen for the first time. */
  previous: string | null;
  requesterId: number | null;
}

/** States in which a request can still move. */
export const ACTIVE_STATES = ['pending', 'approved', 'processing', 'partial', 'unknown'];

export class RequestTracker {
  constructor(
    private readonly client: OverseerrClient,
    private readonly store: Store,
    private readonly cache: Cache,
    private readonly events: Events,
    private readonly linking: Linking,
    private readonly log: Logger,
  ) {}

  /** Title, year and poster of a film or show; cached for a week (they hardly change). */
  async titleInfo(mediaType: string, tmdbId: number, signal?: AbortSignal): Promise<TitleInfo> {
    return this.cache.wrap(`title:${mediaType}:${tmdbId}`, '7d', async () => {
      if (mediaType === 'tv') {
        const d = await this.client.tv(tmdbId, { signal });
        return { title: d.name ?? null, year: yearOf(d.firstAirDate), posterPath: d.posterPath ?? null };
      }
      const d = await this.client.movie(tmdbId, { signal });
      return { title: d.title ?? null, year: yearOf(d.releaseDate), posterPath: d.posterPath ?? null };
    });
  }

  /** Keeps these requests as Overseerr answered them; returns what changed. */
  async record(requests: ORequest[], signal?: AbortSignal, known?: TitleInfo): Promise<RequestChange[]> {
    try {
      return await this.recordOnce(requests, signal, known);
    } catch (err) {
      // A poll, a webhook and a person's own request may keep the same new request at once: the
      // other one stored it first, so compare against that.
      if (!/duplicate key|unique/i.test((err as Error).message)) throw err;
      return this.recordOnce(requests, signal, known);
    }
  }

  private async recordOnce(requests: ORequest[], signal?: AbortSignal, known?: TitleInfo): Promise<RequestChange[]> {
    if (!requests.length) return [];
    const em = this.store.em();
    const rows = await em.find(KnownRequest, { id: { $in: requests.map((r) => r.id) } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const changes: RequestChange[] = [];
    for (const r of requests) {
      const old = byId.get(r.id);
      let info: TitleInfo | undefined = known ?? (old?.title ? { title: old.title, year: old.year ?? null, posterPath: old.posterPath ?? null } : undefined);
      const tmdbId = r.media?.tmdbId;
      if (!info && typeof tmdbId === 'number') {
        info = await this.titleInfo(r.type ?? r.media?.mediaType ?? 'movie', tmdbId, signal).catch((err: Error) => {
          this.log.debug({ err: err.message, request: r.id }, 'no title for a request yet; the next poll tries again');
          return undefined;
        });
      }
      const next = knownRow(r, info);
      if (old && old.state === next.state && old.status === next.status && old.mediaStatus === next.mediaStatus && (old.title ?? null) === next.title) continue;
      const previous = old?.state ?? null;
      if (old) em.assign(old, next);
      else em.create(KnownRequest, next);
      changes.push({ request: requestView(next), previous, requesterId: next.requesterId });
    }
    await em.flush();
    return changes;
  }

  /** Forgets requests Overseerr no longer has (deleted there). */
  async forget(ids: number[]): Promise<void> {
    if (ids.length) await this.store.em().nativeDelete(KnownRequest, { id: { $in: ids } });
  }

  /** Tells the requester's open pages and the admins'. */
  async push(changes: RequestChange[]): Promise<void> {
    for (const change of changes) {
      const payload = { request: change.request, previous: change.previous };
      if (change.requesterId !== null) for (const userId of await this.linking.peopleOf(change.requesterId)) this.events.toUser(userId, 'request', payload);
      this.events.toAdmins('request', payload);
    }
    if (changes.length) {
      await this.cache.del('counts');
      this.events.toAdmins('counts-changed', { at: new Date().toISOString() });
    }
  }

  /** One person's requests, newest first. */
  async mine(overseerrUserId: number, limit = 100): Promise<RequestView[]> {
    const rows = await this.store.em().find(KnownRequest, { requesterId: overseerrUserId }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit });
    return rows.map((r) => requestView(r as unknown as KnownRow));
  }

  /** These requests as kept, newest first. */
  async views(ids: number[]): Promise<RequestView[]> {
    if (!ids.length) return [];
    const rows = await this.store.em().find(KnownRequest, { id: { $in: ids } }, { orderBy: { createdAt: 'desc', id: 'desc' } });
    return rows.map((r) => requestView(r as unknown as KnownRow));
  }

  /** Known requests that can still move, to check on when a poll did not see them. */
  async activeIds(): Promise<number[]> {
    const rows = await this.store.em().find(KnownRequest, { state: { $in: ACTIVE_STATES } }, { orderBy: { id: 'desc' }, limit: 500 });
    return rows.map((r) => r.id);
  }

  /** Known active requests of a title (a webhook about media without a request id). */
  async activeIdsOfTitle(tmdbId: number): Promise<number[]> {
    const rows = await this.store.em().find(KnownRequest, { tmdbId, state: { $in: ACTIVE_STATES } });
    return rows.map((r) => r.id);
  }
}
