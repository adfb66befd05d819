// Admin routes: everyone's downloads with yt-dlp's own errors, and the cookies file.
import { BadRequest, type PluginContext } from '@medianest/sdk';
import type { YoutubeConfig } from './config.js';
import { cookiesInfo, cookiesProblem, removeCookies, saveCookies } from './cookies.js';
import type { Engine } from './engine.js';
import { cookiesBody, cookiesSchema, everyoneSchema } from './route-schemas.js';
import type { DownloadRow } from './tables.js';
import { toView } from './view.js';

export function adminRoutes(ctx: PluginContext<YoutubeConfig>, engine: Engine): void {
  ctx.routes.get('/admin/downloads', { auth: 'admin', summary: "Everyone's recent downloads, with yt-dlp's own error for failures", response: everyoneSchema }, async () => {
    const rows = await engine.sql().all<DownloadRow & { folder_name: string }>(
      `select d.*, p.folder as folder_name from youtube_downloads d left join youtube_people p on p.user_id = d.user_id
        where d.status <> 'expanded' order by d.id desc limit 200`);
    return { downloads: rows.map((r) => ({ ...toView(r, true), person: r.folder_name ?? r.user_id })) };
  });

  ctx.routes.get('/admin/cookies', { auth: 'admin', summary: 'Whether a cookies file is stored (never its content)', response: cookiesSchema }, () => cookiesInfo(ctx.dataDir));

  ctx.routes.put<unknown, unknown, { content: string }>('/admin/cookies', { auth: 'admin', summary: 'Store a cookies.txt (Netscape format) for age-restricted videos and bot checks; used from the next download on', body: cookiesBody, response: cookiesSchema }, async (req) => {
    const problem = cookiesProblem(req.body.content);
    if (problem) throw new BadRequest(problem, [{ field: 'content', message: problem }]);
    await saveCookies(ctx.dataDir, req.body.content);
    req.log.info('cookies file replaced');
    return cookiesInfo(ctx.dataDir);
  });

  ctx.routes.delete('/admin/cookies', { auth: 'admin', summary: 'Remove the cookies file' }, async (req) => {
    await removeCookies(ctx.dataDir);
    req.log.info('cookies file removed');
  });
}
