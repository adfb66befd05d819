// GET /poster: a signed Plex image, resized by Plex, from a bounded memory cache when it can be.
import { BadRequest, reply, type PluginContext, type RouteRequest } from '@medianest/sdk';
import type { PlexConfig } from './config.js';
import type { Connection } from './connection.js';
import type { PmsClient } from './pms-client.js';
import { ByteLru, POSTER_SIZES, singleFlight, type PosterSigner, type PosterSize } from './posters.js';
import { posterQuery } from './route-schemas.js';
import { asHttp } from './household-routes.js';

/** A year: the signed URL names the image and its size, and Plex's thumb paths change when the image does. */
const LONG_CACHE = 'private, max-age=31536000, immutable';

export function posterRoute(ctx: PluginContext<PlexConfig>, connection: Connection, pms: PmsClient, posters: () => Promise<PosterSigner>): ByteLru {
  const cache = new ByteLru(ctx.config.posterCacheMb * 1024 * 1024);
  const once = singleFlight<{ bytes: Buffer; type: string }>();
  ctx.routes.get('/poster', { auth: 'user', summary: 'A poster resized by Plex; only addresses MediaNest signed are served', query: posterQuery }, async (req: RouteRequest<Record<string, string>, { p: string; size: PosterSize; s: string }>) => {
    const { p, size, s } = req.query;
    if (!(await posters()).verify(p, size, s)) throw new BadRequest('This image address is not one MediaNest made: reload the page');
    const key = `${size}:${p}`;
    let hit = cache.get(key);
    if (!hit) {
      const [w, h] = POSTER_SIZES[size];
      hit = await once(key, async () => {
        const image = await pms.photo(await connection.active(), p, w, h, req.signal);
        cache.set(key, image);
        return image;
      }).catch((err) => {
        throw asHttp(err, req.user);
      });
    }
    return reply(200, hit.bytes, { 'content-type': hit.type, 'cache-control': LONG_CACHE, 'x-content-type-options': 'nosniff' });
  });
  return cache;
}
