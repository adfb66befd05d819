import { definePlugin, BadRequest, NotFound, reply } from '@medianest/sdk';
import { randomUUID } from 'node:crypto';
import { configSchema, WEB_SEARCH, type LinksConfig } from './config.js';
import { ImageRow, TileRow, migrations } from './tables.js';
import { TileStore, checkInput, sees, statusFor, type TileInput } from './tile-store.js';
import { findIcon, iconSvg, searchIcons } from './icons.js';
import { checkImage } from './images.js';
import { importHomepage } from './homepage-import.js';
import { checkTiles, publicStates, type StatusMap } from './status-checks.js';
import { tileSearch } from './search.js';
import { idParams, importSchema, tileInputSchema, tileListSchema, uploadSchema } from './tile-schemas.js';

export type { LinksConfig } from './config.js';
export type { Tile, TileInput } from './tile-store.js';

const YEAR = 'max-age=31536000, immutable';

export default definePlugin<LinksConfig>({
  id: 'links',
  configSchema,
  entities: [TileRow, ImageRow],
  migrations,
  async register(ctx) {
    const tiles = new TileStore(ctx.store);
    const statuses = async (): Promise<StatusMap> => (await ctx.cache.get<StatusMap>('status')) ?? {};
    const invalid = (input: TileInput) => {
      const problem = checkInput(input);
      if (problem) throw new BadRequest(problem.message, [{ field: problem.field, message: problem.message }] as any);
    };
    const withStatus = async (list: Awaited<ReturnType<TileStore['list']>>, user: Parameters<typeof sees>[0]) => {
      const map = await statuses();
      return list.map((t) => ({ ...t, status: statusFor(user, map[t.id]) }));
    };
    /** Checks some tiles now (a new or changed tile gets its dot at once) and merges the answers in. */
    const checkNow = async (list: Awaited<ReturnType<TileStore['list']>>) => {
      const found = await checkTiles(ctx, list, ctx.signal);
      const map = { ...(await statuses()), ...found };
      await ctx.cache.set('status', map);
      ctx.events.toUsers('status', { states: publicStates(found) });
    };

    ctx.routes.get('/tiles', { auth: 'user', summary: 'The tiles this person sees, with their dots', response: tileListSchema }, async (req) => {
      const visible = (await tiles.list()).filter((t) => sees(req.user, t));
      // Who else sees a tile and what exactly is checked are the admin's business.
      const shown = req.user?.role === 'admin' ? visible : visible.map((t) => ({ ...t, people: [], audience: 'all' as const, check: { kind: t.check.kind, target: '' } }));
      return { tiles: await withStatus(shown, req.user) };
    });
    ctx.routes.get('/admin/tiles', { auth: 'admin', summary: 'Every tile, with who sees it and why its dot is what it is', response: tileListSchema }, async (req) => ({
      tiles: await withStatus(await tiles.list(), req.user),
    }));
    ctx.routes.post('/tiles', { auth: 'admin', summary: 'Add a tile', body: tileInputSchema, status: 201 }, async (req) => {
      const input = req.body as TileInput;
      invalid(input);
      const tile = await tiles.add(input);
      await checkNow([tile]).catch((err) => req.log.warn({ err }, 'first check of a new tile failed'));
      return reply(201, { ...tile, status: statusFor(req.user, (await statuses())[tile.id]) });
    });
    ctx.routes.put('/tiles/:id', { auth: 'admin', summary: 'Change a tile', params: idParams, body: tileInputSchema }, async (req) => {
      const input = req.body as TileInput;
      invalid(input);
      const tile = await tiles.update(req.params.id, input);
      if (!tile) throw new NotFound('This tile is gone: someone removed it. Reload the page.');
      await checkNow([tile]).catch((err) => req.log.warn({ err }, 'check of a changed tile failed'));
      return { ...tile, status: statusFor(req.user, (await statuses())[tile.id]) };
    });
    ctx.routes.delete('/tiles/:id', { auth: 'admin', summary: 'Remove a tile', params: idParams }, async (req) => {
      if (!(await tiles.remove(req.params.id))) throw new NotFound('This tile is gone already. Reload the page.');
      return undefined;
    });

    ctx.routes.post('/import', { auth: 'admin', summary: "Add tiles from Homepage's services.yaml (dryRun: only say what would come across)", body: importSchema }, async (req) => {
      const { yaml, dryRun } = req.body as { yaml: string; dryRun: boolean };
      let result;
      try {
        result = await importHomepage(yaml);
      } catch (err) {
        throw new BadRequest((err as Error).message, [{ field: 'yaml', message: (err as Error).message }] as any);
      }
      if (dryRun) return { added: 0, tiles: result.tiles, notes: result.notes };
      const existing = new Set((await tiles.list()).map((t) => `${t.group}\n${t.name}\n${t.url}`));
      const added = [];
      for (const t of result.tiles) {
        if (existing.has(`${t.group}\n${t.name}\n${t.url}`)) {
          result.notes.push(`"${t.name}" is there already, so it was not added twice`);
          continue;
        }
        added.push(await tiles.add(t));
      }
      void checkNow(added).catch((err) => req.log.warn({ err }, 'first check of imported tiles failed'));
      return { added: added.length, tiles: added, notes: result.notes };
    });

    ctx.routes.post('/images', { auth: 'admin', summary: 'Upload a tile image (base64 PNG, JPEG, GIF, WebP or ICO, at most 256 KB)', body: uploadSchema, status: 201 }, async (req) => {
      const checked = checkImage((req.body as { data: string }).data);
      if ('error' in checked) throw new BadRequest(checked.error, [{ field: 'image', message: checked.error }] as any);
      const em = ctx.store.em();
      const id = randomUUID();
      em.create(ImageRow, { id, mime: checked.mime, data: checked.bytes } as any);
      await em.flush();
      return reply(201, { id, url: `/api/plugins/links/images/${id}`, type: checked.mime, bytes: checked.bytes.length });
    });
    ctx.routes.get('/images/:id', { auth: 'user', summary: 'An uploaded tile image (never changes: cached for a year)', params: idParams }, async (req) => {
      const row = await ctx.store.em().findOne(ImageRow, { id: req.params.id });
      if (!row) throw new NotFound('No such image');
      const data = row.data as unknown as Buffer;
      return reply(200, Buffer.isBuffer(data) ? data : Buffer.from(data), { 'content-type': row.mime, 'cache-control': `private, ${YEAR}`, 'x-content-type-options': 'nosniff' });
    });

    ctx.routes.get('/icons/:file', {
      auth: 'public',
      summary: 'One brand icon from simple-icons as SVG (only the icons tiles use reach the browser)',
      params: { type: 'object', properties: { file: { type: 'string', pattern: '^[a-z0-9]{1,64}\\.svg$' } } },
    }, async (req) => {
      const icon = findIcon(req.params.file.replace(/\.svg$/, ''));
      if (!icon) throw new NotFound('No such icon');
      return reply(200, Buffer.from(await iconSvg(icon)), { 'content-type': 'image/svg+xml', 'cache-control': `public, ${YEAR}`, 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" });
    });
    ctx.routes.get('/icons', {
      auth: 'admin',
      summary: 'Brand icons whose name matches, for the icon picker',
      query: { type: 'object', additionalProperties: false, required: ['q'], properties: { q: { type: 'string', minLength: 1, maxLength: 60, title: 'Icon name' } } },
    }, (req) => ({ icons: searchIcons(String(req.query.q)) }));

    ctx.routes.get('/status', { auth: 'user', summary: "Every visible tile's dot (admins also get the reason)" }, async (req) => {
      const map = await statuses();
      const visible = (await tiles.list()).filter((t) => req.user?.role === 'admin' || sees(req.user, t));
      return { statuses: Object.fromEntries(visible.map((t) => [t.id, statusFor(req.user, map[t.id])])) };
    });

    ctx.routes.get('/web-search', { auth: 'user', summary: 'Where Enter in the search box goes when nothing is chosen, or null' }, () => {
      const choice = ctx.config.webSearch;
      if (choice === 'none') return { engine: null };
      if (choice === 'custom') return { engine: ctx.config.webSearchUrl ? { name: 'the web', url: ctx.config.webSearchUrl } : null };
      return { engine: WEB_SEARCH[choice] ?? null };
    });

    ctx.jobs.every('check', ctx.config.checkInterval, async (job) => {
      const list = await tiles.list();
      const map = await checkTiles(ctx, list, job.signal);
      if (job.signal.aborted) return { aborted: true };
      await ctx.cache.set('status', map);
      ctx.events.toUsers('status', { states: publicStates(map) });
      return { tiles: list.length, down: Object.values(map).filter((s) => s.state === 'down').length };
    });

    ctx.search.provider(tileSearch(tiles, ctx));
    ctx.ui.widget('mn-links-tiles', { module: 'ui/tiles-widget.js', title: 'Apps', size: { w: 12, h: 4, minW: 3, minH: 2 } });
    ctx.ui.page('mn-links-manage', { module: 'ui/manage-page.js', title: 'Apps', path: 'manage', auth: 'admin' });
  },
});
