// The routes people use: queue a link, see their queue and history, cancel, retry, clear.
import { mkdir } from 'node:fs/promises';
import { BadRequest, Conflict, HttpError, NotFound, TooManyRequests, reply, type PluginContext, type User } from '@medianest/sdk';
import type { DownloadOptions, YoutubeConfig } from './config.js';
import type { Engine } from './engine.js';
import { folderOf } from './people.js';
import { nextAllowedAt, spaceProblem, whenText } from './limits.js';
import { PRESETS, allowedOptions, refusedOptions, type PresetId } from './presets.js';
import { clearedSchema, idParams, listSchema, newDownloadSchema, oneDownload } from './route-schemas.js';
import type { DownloadRow } from './tables.js';
import { refuseLink } from './url-guard.js';
import { toView } from './view.js';

interface NewDownload {
  url: string;
  preset?: PresetId;
  playlist: boolean;
  limit?: number;
  force: boolean;
  options: DownloadOptions;
}

const FINISHED = `('done', 'failed', 'canceled', 'skipped')`;

export function downloadRoutes(ctx: PluginContext<YoutubeConfig>, engine: Engine): void {
  const { config } = ctx;
  const mine = async (user: User, id: string): Promise<DownloadRow> => {
    const row = await engine.sql().one<DownloadRow>('select * from youtube_downloads where id = ? and user_id = ?', [Number(id), user.id]);
    if (!row) throw new NotFound('That download is not in your list any more');
    return row;
  };

  ctx.routes.post<unknown, unknown, NewDownload>('/downloads', {
    auth: 'user',
    permission: 'youtube.download',
    summary: 'Queue a link (one video, or a playlist/channel up to a number of items)',
    body: newDownloadSchema,
    response: oneDownload,
    status: 202,
  }, async (req) => {
    const user = req.user!;
    const { url, playlist, force } = req.body;
    const notAllowed = refusedOptions(req.body.options ?? {}, config.allow);
    if (notAllowed.length) throw new BadRequest(`This server does not offer ${notAllowed.join(' or ')}. Leave ${notAllowed.length > 1 ? 'them' : 'it'} off`);
    const refused = await refuseLink(url, config.allowPrivateAddresses);
    if (refused) throw new BadRequest(refused, [{ field: 'url', message: refused }]);
    const sql = engine.sql();
    const next = await nextAllowedAt(sql, user.id, config.perHour);
    if (next) {
      const seconds = Math.max(1, Math.ceil((next.getTime() - Date.now()) / 1000));
      throw new TooManyRequests(`You can queue ${config.perHour} links an hour. Try again at ${whenText(next)}`, seconds);
    }
    await mkdir(engine.root, { recursive: true });
    const full = await spaceProblem(engine.root, config.minFreeGb);
    if (full) throw new HttpError(507, full);
    const queued = await sql.one('select id from youtube_downloads where user_id = ? and url = ? and status in (\'queued\', \'dispatched\', \'running\') limit 1', [user.id, url.trim()]);
    if (queued) throw new Conflict('This link is already in your queue');
    await folderOf(sql, user);
    const row = await sql.one<DownloadRow>(
      `insert into youtube_downloads (user_id, url, preset, options, force, playlist, playlist_limit, status)
       values (?, ?, ?, ?::jsonb, ?, ?, ?, 'queued') returning *`,
      [user.id, url.trim(), req.body.preset ?? config.defaultPreset, JSON.stringify(allowedOptions(req.body.options ?? {}, config.allow)), force, playlist, playlist ? Math.min(req.body.limit ?? config.maxPlaylistItems, config.maxPlaylistItems) : null],
    );
    req.log.info({ downloadId: row!.id, url: row!.url, preset: row!.preset }, 'download queued');
    await engine.dispatcher.dispatch();
    const now = await sql.one<DownloadRow>('select * from youtube_downloads where id = ?', [row!.id]);
    return reply(202, { download: toView(now ?? row!, user.role === 'admin') });
  });

  ctx.routes.get('/downloads', { auth: 'user', summary: 'Your queue (waiting and running) and your history', response: listSchema }, async (req) => {
    const user = req.user!;
    const sql = engine.sql();
    const admin = user.role === 'admin';
    const queue = await sql.all<DownloadRow>(`select * from youtube_downloads where user_id = ? and status in ('queued', 'dispatched', 'running') order by id limit 500`, [user.id]);
    const history = await sql.all<DownloadRow>(`select * from youtube_downloads where user_id = ? and status in ${FINISHED} order by finished_at desc nulls last, id desc limit 100`, [user.id]);
    const next = config.perHour > 0 ? await nextAllowedAt(sql, user.id, config.perHour) : null;
    const used = config.perHour > 0
      ? (await sql.one<{ n: number }>(`select count(*)::int as n from youtube_downloads where user_id = ? and group_index is null and created_at > now() - interval '1 hour'`, [user.id]))!.n
      : 0;
    return {
      queue: queue.map((r) => toView(r, admin)),
      history: history.map((r) => toView(r, admin)),
      limits: { perHour: config.perHour, left: config.perHour > 0 ? Math.max(0, config.perHour - used) : null, nextAt: next?.toISOString() ?? null },
      form: {
        presets: Object.entries(PRESETS).map(([id, p]) => ({ id, label: p.label })),
        defaultPreset: config.defaultPreset,
        allow: config.allow,
        maxPlaylistItems: config.maxPlaylistItems,
      },
    };
  });

  ctx.routes.post('/downloads/:id/cancel', { auth: 'user', summary: 'Stop a waiting or running download; its partial files are removed', params: idParams, response: oneDownload }, async (req) => {
    const row = await mine(req.user!, req.params.id);
    const updated = await engine.sql().one<DownloadRow>(
      `update youtube_downloads set status = 'canceled', finished_at = now(), phase = null, speed = null, eta = null
        where id = ? and status in ('queued', 'dispatched', 'running') returning *`, [row.id]);
    if (!updated) throw new Conflict('This download has already finished');
    // A running one is stopped by its worker within a second; a waiting one frees its turn now.
    if (row.status !== 'running') await engine.dispatcher.dispatch();
    engine.emit(updated);
    return { download: toView(updated, req.user!.role === 'admin') };
  });

  ctx.routes.post('/downloads/:id/retry', { auth: 'user', permission: 'youtube.download', summary: 'Queue a failed or cancelled download again (it carries on from a partial file)', params: idParams, response: oneDownload }, async (req) => {
    const row = await mine(req.user!, req.params.id);
    const updated = await engine.sql().one<DownloadRow>(
      `update youtube_downloads set status = 'queued', force = (force or status = 'skipped'), error = null, error_detail = null, finished_at = null, percent = null, bytes_done = null, plex = null
        where id = ? and status in ('failed', 'canceled', 'skipped') returning *`, [row.id]);
    if (!updated) throw new Conflict('Only a failed, cancelled or skipped download can be tried again');
    await engine.dispatcher.dispatch();
    engine.emit(updated);
    return { download: toView(updated, req.user!.role === 'admin') };
  });

  ctx.routes.delete('/downloads/:id', { auth: 'user', summary: 'Remove a finished download from your history (the file stays)', params: idParams }, async (req) => {
    const row = await mine(req.user!, req.params.id);
    const gone = await engine.sql().one(`delete from youtube_downloads where id = ? and status in ${FINISHED} returning id`, [row.id]);
    if (!gone) throw new Conflict('Cancel this download first');
    await engine.dropWork(req.user!.id, [row.id]);
    engine.emitList(req.user!.id);
  });

  ctx.routes.delete('/history', { auth: 'user', summary: 'Clear your history (the files stay)', response: clearedSchema }, async (req) => {
    // A playlist's own row goes once none of its items still waits.
    const gone = await engine.sql().all<{ id: number; status: string }>(
      `delete from youtube_downloads d where d.user_id = ? and (d.status in ${FINISHED} or (d.status = 'expanded'
         and not exists (select 1 from youtube_downloads c where c.group_id = d.id and c.status in ('queued', 'dispatched', 'running'))))
       returning d.id, d.status`, [req.user!.id]);
    await engine.dropWork(req.user!.id, gone.map((g) => g.id));
    engine.emitList(req.user!.id);
    return { removed: gone.filter((g) => g.status !== 'expanded').length };
  });
}
