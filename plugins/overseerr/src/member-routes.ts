// Routes every signed-in person uses: who they are in Overseerr and their quota, search, a title's
// seasons, making a request as themselves, and their own requests.
import { BadRequest, Forbidden, reply, type PluginContext, type User } from '@medianest/sdk';
import type { OverseerrConfig } from './config.js';
import type { Linking } from './linking.js';
import type { OverseerrClient } from './overseerr-client.js';
import { isOverseerrError } from './overseerr-error.js';
import type { OQuota } from './overseerr-types.js';
import type { RequestTracker } from './request-tracker.js';
import * as R from './route-schemas.js';
import type { ServerInfo } from './server-info.js';
import { mediaAvailability, titleView, type TitleView } from './views.js';
import { explain, NOT_LINKED, quotaLine, quotaRefusal } from './words.js';

export interface MemberDeps {
  client: OverseerrClient;
  linking: Linking;
  tracker: RequestTracker;
  server: (signal?: AbortSignal) => Promise<ServerInfo>;
}

/** Search answers are shared by everybody for this long (statuses may lag by as much). */
const SEARCH_CACHED = '30s';

export function memberRoutes(ctx: PluginContext<OverseerrConfig>, d: MemberDeps): void {
  const { client, linking, tracker } = d;
  const user = (u: User | null) => u!;

  ctx.routes.get('/me', { auth: 'user', summary: 'Whether you are linked to an Overseerr user, and your quota', response: R.meSchema }, async (req) => {
    const me = user(req.user);
    const server = await d.server(req.signal).catch((err) => { throw explain(err, me); });
    const base = { fourK: server.fourK, flavor: server.flavor, isAdmin: me.role === 'admin' };
    const id = await linking.overseerrIdFor(me, req.signal).catch((err) => { throw explain(err, me); });
    if (id === null) return { linked: false, message: NOT_LINKED, overseerrUser: null, quota: null, ...base };
    const name = (await linking.overseerrUsers(req.signal).catch(() => [])).find((u) => u.id === id)?.name ?? null;
    const quota = await client.quota(id, { signal: req.signal }).catch((err) => {
      req.log.warn({ err: isOverseerrError(err) ? err.detail : String(err) }, 'could not read a quota');
      return undefined;
    });
    return { linked: true, message: null, overseerrUser: name, quota: quota ? quotaView(quota) : null, ...base };
  });

  ctx.routes.get('/search', { auth: 'user', summary: 'Films and shows matching a title, with whether each is available or requested', query: R.searchQuerySchema, response: R.searchResultSchema, rateLimit: '60/min' }, async (req) => {
    const { q, page } = req.query as { q: string; page: number };
    return searchTitles(ctx, client, q, page, req.signal).catch((err) => { throw explain(err, req.user); });
  });

  ctx.routes.get('/titles/:mediaType/:tmdbId', { auth: 'user', summary: "A title's seasons and what is available or requested of each", params: R.titleParamsSchema, response: R.detailsSchema }, async (req) => {
    const { mediaType, tmdbId } = req.params as { mediaType: 'movie' | 'tv'; tmdbId: string };
    const id = Number(tmdbId);
    const server = await d.server(req.signal).catch((err) => { throw explain(err, req.user); });
    try {
      if (mediaType === 'movie') {
        const m = await client.movie(id, { signal: req.signal });
        const title = titleView({ ...m, mediaType: 'movie' })!;
        return { title, seasons: [], fourK: server.fourK.movie };
      }
      const t = await client.tv(id, { signal: req.signal });
      const title = titleView({ ...t, mediaType: 'tv' })!;
      const info = new Map((t.mediaInfo?.seasons ?? []).map((s) => [s.seasonNumber, s]));
      const seasons = (t.seasons ?? [])
        .filter((s) => typeof s.seasonNumber === 'number' && s.seasonNumber > 0)
        .map((s) => ({
          seasonNumber: s.seasonNumber!,
          name: s.name || `Season ${s.seasonNumber}`,
          episodeCount: typeof s.episodeCount === 'number' ? s.episodeCount : null,
          ...mediaAvailability(info.get(s.seasonNumber) ?? null),
        }));
      return { title, seasons, fourK: server.fourK.tv };
    } catch (err) {
      throw explain(err, req.user);
    }
  });

  ctx.routes.post('/requests', { auth: 'user', summary: 'Requests a film, or chosen seasons of a show, as your own Overseerr user', body: R.createRequestBodySchema, response: R.oneRequestSchema, status: 201, rateLimit: '30/hour' }, async (req) => {
    const me = user(req.user);
    const body = req.body as { mediaType: 'movie' | 'tv'; tmdbId: number; seasons?: number[]; is4k: boolean };
    const asUser = await linking.overseerrIdFor(me, req.signal).catch((err) => { throw explain(err, me); });
    if (asUser === null) throw new Forbidden(NOT_LINKED);
    if (body.mediaType === 'tv' && !body.seasons?.length) throw new BadRequest('Choose at least one season');
    try {
      const created = await client.createRequest(
        { mediaType: body.mediaType, mediaId: body.tmdbId, ...(body.mediaType === 'tv' ? { seasons: body.seasons } : {}), ...(body.is4k ? { is4k: true } : {}) },
        { asUser, signal: req.signal },
      );
      const info = await tracker.titleInfo(body.mediaType, body.tmdbId, req.signal).catch(() => undefined);
      const changes = await tracker.record([{ ...created, type: created.type ?? body.mediaType, requestedBy: created.requestedBy ?? { id: asUser }, media: { tmdbId: body.tmdbId, ...created.media } }], req.signal, info);
      await tracker.push(changes);
      const view = changes[0]?.request ?? (await tracker.mine(asUser, 1))[0]!;
      const message = view.state === 'pending' ? 'Requested: an admin will look at it soon' : 'Requested and approved: it is on its way';
      return reply(201, { request: view, message });
    } catch (err) {
      if (isOverseerrError(err) && err.reason === 'quota') {
        const quota = await client.quota(asUser, { signal: req.signal }).catch(() => undefined);
        throw new Forbidden(quotaRefusal(quota, body.mediaType));
      }
      throw explain(err, me, { fourK: body.is4k });
    }
  });

  ctx.routes.get('/requests/mine', { auth: 'user', summary: 'Your requests, newest first, with where each stands', response: R.mineSchema }, async (req) => {
    const me = user(req.user);
    const id = await linking.overseerrIdFor(me, req.signal).catch((err) => { throw explain(err, me); });
    if (id === null) return { linked: false, message: NOT_LINKED, requests: [] };
    // Requests made in Overseerr itself, before this person used MediaNest: read once in a while.
    await ctx.cache.wrap(`backfilled:${id}`, '10m', async () => {
      const page = await client.requests({ take: 50, sort: 'added', requestedBy: id }, { signal: req.signal });
      await tracker.push(await tracker.record(page.results, req.signal));
      return true;
    }).catch((err) => req.log.warn({ err: isOverseerrError(err) ? err.detail : String(err) }, 'could not read older requests; showing what is known'));
    return { linked: true, message: null, requests: await tracker.mine(id) };
  });
}

function quotaView(q: OQuota) {
  const part = (p: OQuota['movie'], noun: 'film' | 'show') => {
    const line = quotaLine(p, noun);
    if (!p || !line) return null;
    const limit = Math.trunc(p.limit!);
    return { limit, remaining: Math.max(0, Math.trunc(p.remaining ?? limit - (p.used ?? 0))), days: p.days ? Math.trunc(p.days) : null, line };
  };
  return { movie: part(q.movie, 'film'), tv: part(q.tv, 'show') };
}

/** Search, shared by everybody for SEARCH_CACHED (the route and the portal's search box). */
export function searchTitles(ctx: PluginContext<OverseerrConfig>, client: OverseerrClient, q: string, page: number, signal: AbortSignal) {
  const query = q.trim().replace(/\s+/g, ' ');
  return ctx.cache.wrap(`search:${page}:${query.toLowerCase()}`, SEARCH_CACHED, async () => {
    const found = await client.search(query, page, { signal });
    const results = found.results.map(titleView).filter((t): t is TitleView => t !== undefined);
    return { query, page, totalPages: Math.max(1, Math.trunc(found.totalPages ?? 1)), results };
  });
}
