// What the download job, the routes and the health check share: settings, folders, the database,
// live events and the Plex service.
import { appendFile, copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { PlexLibrary, PluginContext } from '@medianest/sdk';
import type { YoutubeConfig } from './config.js';
import type { Dispatcher } from './dispatcher.js';
import { sqlOf, type Sql } from './sql.js';
import type { DownloadRow } from './tables.js';
import { toView } from './view.js';
import type { Progress } from './ytdlp-process.js';
import { cookiesFile, hasCookies } from './cookies.js';
import { inside, safeSegment } from './names.js';
import type { VideoInfo } from './probe.js';

const UNITS = { K: 1024, M: 1024 ** 2, G: 1024 ** 3 } as const;

export class Engine {
  /** The downloads root: one folder per person inside. */
  readonly root: string;
  /** The largest download in bytes, or 0 for no limit. */
  readonly maxBytes: number;
  dispatcher!: Dispatcher;

  constructor(private readonly ctx: PluginContext<YoutubeConfig>) {
    const { config } = ctx;
    // The Docker image sets DOWNLOADS_DIR (a volume Plex can share) for when no folder is chosen.
    this.root = resolve(config.downloadsDir || process.env.DOWNLOADS_DIR || join(ctx.dataDir, 'downloads'));
    const m = /^(\d+(?:\.\d+)?)([KMG])$/.exec(config.maxFileSize);
    this.maxBytes = m ? Math.round(Number(m[1]) * UNITS[m[2] as keyof typeof UNITS]) : 0;
  }

  get cfg(): YoutubeConfig {
    return this.ctx.config;
  }
  get log() {
    return this.ctx.log;
  }
  get dataDir(): string {
    return this.ctx.dataDir;
  }

  sql(): Sql {
    return sqlOf(this.ctx.store);
  }

  /** The Plex plugin's library service, when Plex runs. */
  plex(): PlexLibrary | undefined {
    try {
      return this.ctx.useOptional<PlexLibrary>('plex.library');
    } catch {
      return undefined;
    }
  }

  /** Options every yt-dlp run gets; with `workDir`, the cookies file is copied there (yt-dlp writes cookies back). */
  async commonArgs(workDir?: string): Promise<string[]> {
    const args = ['--socket-timeout', '20', '--retries', '3', '--fragment-retries', '3', '--no-cache-dir'];
    if (this.cfg.ffmpegPath.includes('/')) args.push('--ffmpeg-location', this.cfg.ffmpegPath);
    if (await hasCookies(this.dataDir)) {
      let file = cookiesFile(this.dataDir);
      if (workDir) {
        await mkdir(workDir, { recursive: true });
        const copy = join(workDir, 'cookies.txt');
        await copyFile(file, copy);
        file = copy;
      }
      args.push('--cookies', file);
    }
    return args;
  }

  /** The person's yt-dlp download archive (what they have, as `extractor id` lines), outside the folders Plex reads. */
  async archiveFile(userId: string): Promise<string> {
    const dir = join(this.dataDir, 'archives');
    await mkdir(dir, { recursive: true });
    return join(dir, `${safeSegment(userId, 100, 'someone')}.txt`);
  }

  /** Whether the archive lists the video (yt-dlp's own line format). */
  async inArchive(file: string, info: VideoInfo): Promise<boolean> {
    const text = await readFile(file, 'utf8').catch(() => '');
    return text.split('\n').includes(`${info.extractor.toLowerCase()} ${info.videoId}`);
  }

  /** Adds a video fetched again on request (yt-dlp only records what it downloads with the archive on). */
  async remember(file: string, info: VideoInfo): Promise<void> {
    if (!(await this.inArchive(file, info))) await appendFile(file, `${info.extractor.toLowerCase()} ${info.videoId}\n`);
  }

  /** Removes the partial files of downloads taken out of the history (a failed one keeps them for a retry). */
  async dropWork(userId: string, ids: number[]): Promise<void> {
    const person = await this.sql().one<{ folder: string }>('select folder from youtube_people where user_id = ?', [userId]);
    if (!person) return;
    for (const id of ids) await rm(inside(this.root, person.folder, '.incomplete', String(id)), { recursive: true, force: true });
  }

  /** Records progress; answers the row's status (a cancel shows up here). */
  async heartbeat(id: number, p: Progress | null): Promise<string | undefined> {
    const row = p?.phase === 'downloading'
      ? await this.sql().one<{ status: string }>(
        `update youtube_downloads set heartbeat_at = now(), phase = 'downloading', bytes_done = ?, bytes_total = ?, speed = ?, eta = ?,
           percent = case when ?::bigint > 0 then least(100, ?::float8 * 100 / ?::float8) else null end where id = ? returning status`,
        [p.bytesDone, p.bytesTotal, p.speed, p.eta, p.bytesTotal ?? 0, p.bytesDone, p.bytesTotal ?? 1, id])
      : await this.sql().one<{ status: string }>(`update youtube_downloads set heartbeat_at = now(), phase = coalesce(?, phase) where id = ? returning status`, [p ? 'processing' : null, id]);
    return row?.status;
  }

  async statusOf(id: number): Promise<string | undefined> {
    return (await this.sql().one<{ status: string }>('select status from youtube_downloads where id = ?', [id]))?.status;
  }

  /** Tells the owner's open pages about one download. */
  emit(row: DownloadRow): void {
    this.ctx.events.toUser(row.user_id, 'download', toView(row, false));
  }

  /** Tells the owner's open pages to read their list again (items were added). */
  emitList(userId: string): void {
    this.ctx.events.toUser(userId, 'list', {});
  }
}
