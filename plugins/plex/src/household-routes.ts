// What the household sees: now playing, recently added, continue watching, libraries, browse, search.
import { NotFound, ServiceUnavailable, type HttpError, type PluginContext, type RouteRequest, type User } from '@medianest/sdk';
import type { PlexConfig } from './config.js';
import type { Connection } from './connection.js';
import type { PlexLibrary } from '@medianest/sdk';
import { PlexError } from './plex-errors.js';
import type { PmsClient } from './pms-client.js';
import type { PosterSigner } from './posters.js';
import { problemOf } from './problems.js';
import { PlexAccountRow } from './tables.js';
import { itemView, type ItemView } from './views.js';
import type { Watcher } from './watcher.js';
import {
  browseParams, browseQuery, browseSchema, continueSchema, librariesSchema, nowPlayingSchema, recentSchema, searchQuery, searchSchema, SORTS, stateSchema,
} from './route-schemas.js';

export interface HouseholdDeps {
  ctx: PluginContext<PlexConfig>;
  connection: Connection;
  pms: PmsClient;
  library: PlexLibrary;
  watcher: Watcher;
  posters: () => Promise<PosterSigner>;
}

/** Registers the routes; answers the library search, for the portal's search too. */
export function householdRoutes({ ctx, connection, pms, library, watcher, posters }: HouseholdDeps): { search(q: string): Promise<ItemView[]> } {
  const account = (user: User) => ctx.cache.memo(`account:${user.id}`, '5s', async () => {
    const row = await ctx.store.em().findOne(PlexAccountRow, { userId: user.id });
    return row ? { plexId: row.plexId, username: row.username, tokenSealed: row.serverTokenSealed ?? row.tokenSealed } : null;
  });
  const linkBase = async () => {
    const server = await connection.active();
    const machineIdentifier = server.machineIdentifier ?? (await ctx.cache.memo('machine-id', '10m', async () => (await pms.identity(server)).machineIdentifier));
    return { server, base: { machineIdentifier, webUrl: server.url } };
  };
  const items = async (list: Parameters<typeof itemView>[0][]): Promise<ItemView[]> => {
    const [{ base }, signer] = await Promise.all([linkBase(), posters()]);
    return list.map((m) => itemView(m, signer, base));
  };

  ctx.routes.get('/state', { auth: 'user', summary: 'Whether Plex is connected, and to which server', response: stateSchema }, async (req) => {
    const user = req.user!;
    const linked = Boolean(await account(user));
    try {
      const server = await connection.active();
      const view = await watcher.read();
      const base = { connected: true, serverName: server.name, linked };
      return user.role === 'admin' ? { ...base, admin: { manual: server.manual, state: view.state, detail: view.error } } : base;
    } catch {
      return { connected: false, serverName: null, linked };
    }
  });

  ctx.routes.get('/now-playing', { auth: 'user', summary: "What is playing on Plex now: every stream for admins (or everyone, when allowed), else the person's own", response: nowPlayingSchema }, async (req) => {
    const user = req.user!;
    // One Redis read, no memo: a page that heard "changed" must get the new view.
    const view = await watcher.read();
    const everyone = user.role === 'admin' || ctx.config.showEveryonesActivity;
    const mine = everyone ? null : await account(user);
    const streams = everyone ? view.streams : mine ? view.streams.filter((s) => s.user.plexId === mine.plexId) : [];
    const problem = view.state === 'ok' ? null : problemOf(null, user, view.state === 'unreachable' ? 'unreachable' : view.state);
    if (problem && user.role === 'admin' && view.error) problem.detail = view.error;
    return { streams, checkedAt: view.checkedAt, mode: view.mode, everyone, problem };
  });

  ctx.routes.get('/recent', { auth: 'user', summary: 'Recently added, per library, with posters', response: recentSchema }, async (req) => {
    try {
      const libraries = await ctx.cache.wrap('recent', '60s', async () => {
        const { server } = await linkBase();
        const sections = (await library.sections()).filter((s) => s.type === 'movie' || s.type === 'show');
        return Promise.all(sections.map(async (s) => ({ id: s.id, title: s.title, items: await items(await pms.recentlyAdded(server, s.id, 12)) })));
      });
      return { libraries, problem: null };
    } catch (err) {
      return { libraries: [], problem: problemOf(err, req.user) };
    }
  });

  ctx.routes.get('/continue', { auth: 'user', summary: "Continue watching: the signed-in person's own on-deck, read with their own Plex token", response: continueSchema }, async (req) => {
    const mine = await account(req.user!);
    if (!mine?.tokenSealed) return { items: [], linked: false, problem: null };
    try {
      const list = await ctx.cache.wrap(`continue:${req.user!.id}`, '60s', async () => {
        const { server } = await linkBase();
        return items(await pms.continueWatching(server, ctx.secrets.open(mine.tokenSealed!), 12));
      });
      return { items: list, linked: true, problem: null };
    } catch (err) {
      return { items: [], linked: true, problem: problemOf(err, req.user) };
    }
  });

  ctx.routes.get('/libraries', { auth: 'user', summary: 'Libraries with how many items each holds', response: librariesSchema }, async (req) => {
    try {
      const libraries = await ctx.cache.wrap('libraries', '5m', async () => {
        const { server } = await linkBase();
        const sections = await library.sections();
        return Promise.all(sections.map(async (s) => ({ id: s.id, title: s.title, type: s.type, count: await pms.count(server, s.id) })));
      });
      return { libraries, problem: null };
    } catch (err) {
      return { libraries: [], problem: problemOf(err, req.user) };
    }
  });

  ctx.routes.get('/libraries/:id/items', { auth: 'user', summary: "One page of a library, sorted, read with Plex's paging headers", params: browseParams, query: browseQuery, response: browseSchema }, async (req: RouteRequest<{ id: string }, { start: number; size: number; sort: keyof typeof SORTS }>) => {
    const { start, size, sort } = req.query;
    const page = await ctx.cache.wrap(`page:${req.params.id}:${sort}:${start}:${size}`, '60s', async () => {
      const { server } = await linkBase();
      const got = await pms.items(server, req.params.id, { start, size, sort: SORTS[sort] });
      return { items: await items(got.items), total: got.total };
    }).catch((err) => {
      throw asHttp(err, req.user);
    });
    return { ...page, start, size };
  });

  ctx.routes.get('/search', { auth: 'user', summary: 'Search every library', query: searchQuery, response: searchSchema }, async (req: RouteRequest<Record<string, string>, { q: string }>) => {
    try {
      return { items: await search(req.query.q), problem: null };
    } catch (err) {
      return { items: [], problem: problemOf(err, req.user) };
    }
  });

  const search = (q: string) => ctx.cache.wrap(`search:${q.trim().toLowerCase()}`, '30s', async () => {
    const { server } = await linkBase();
    const hubs = await pms.search(server, q.trim(), 10);
    return items(hubs.filter((h) => ['movie', 'show', 'episode', 'artist', 'album'].includes(h.type ?? '')).flatMap((h) => h.Metadata ?? []).slice(0, 30));
  });
  return { search };
}

/** A failure of a route whose answer has no room for a problem: a status and the words. */
export function asHttp(err: unknown, user: User | null): HttpError {
  if (err instanceof PlexError && err.kind === 'not-found') return new NotFound('There is no such library on the Plex server');
  const p = problemOf(err, user);
  return new ServiceUnavailable(user?.role === 'admin' && p.detail ? `${p.message} (${p.detail})` : p.message);
}
