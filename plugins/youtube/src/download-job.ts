// One download, run by a bee-queue worker: claim the row, ask yt-dlp what the link is (a playlist
// becomes one download per item, queued in the owner's turn), check for duplicates, download into
// the person's folder with live progress, then tell Plex. Cancel ends the yt-dlp process group and
// removes the partial files; a worker that dies leaves the partial file for the next try to continue.
import { mkdir, readdir, readFile, realpath, rename, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import type { JobRun } from '@medianest/sdk';
import type { DownloadJobData } from './dispatcher.js';
import type { Engine } from './engine.js';
import { explain, type Failure } from './explain.js';
import { inside, isInside, layoutPath } from './names.js';
import { writeNfo } from './nfo.js';
import { scanInPlex } from './plex.js';
import { presetArgs, type PresetId } from './presets.js';
import { probe, readInfo as readVideo, type VideoInfo } from './probe.js';
import { spaceProblem } from './limits.js';
import type { DownloadRow } from './tables.js';
import { PROGRESS_ARGS, killGroup, runYtDlp, succeeded, type Progress } from './ytdlp-process.js';

const HOST = hostname();
const EVENT_EVERY_MS = 500; // live progress: about two updates a second per download
const HEARTBEAT_MS = 1000; // progress to PostgreSQL, and the check for a cancel

/** Runs one download job; returns a short result for the job system. */
export async function runDownload(engine: Engine, job: JobRun<DownloadJobData>): Promise<{ status: string }> {
  const sql = engine.sql();
  const row = await sql.one<DownloadRow>(
    `update youtube_downloads set status = 'running', runs = runs + 1, started_at = coalesce(started_at, now()), heartbeat_at = now()
      where id = ? and status in ('dispatched', 'running') returning *`,
    [job.data.downloadId],
  );
  if (!row) return { status: 'not waiting' }; // cancelled or cleared meanwhile
  // A run of this download before a crash may still have its yt-dlp going on this machine.
  const [host, pid] = (row.runner ?? '').split(':');
  if (host === HOST && Number(pid) > 0) killGroup(Number(pid), 200);
  let interrupted = false;
  try {
    return await download(engine, row, job);
  } catch (err) {
    if (job.signal.aborted) {
      interrupted = true; // the worker is stopping: the row stays 'running' for the next worker
      throw err;
    }
    job.log.error({ err }, 'a download failed unexpectedly');
    await finish(engine, row, { status: 'failed', error: 'Something went wrong with this download. Try again; if it keeps failing, tell an admin', error_detail: (err as Error).message });
    return { status: 'failed' };
  } finally {
    if (!interrupted) await engine.dispatcher.dispatch(true);
  }
}

async function download(engine: Engine, row: DownloadRow, job: JobRun<DownloadJobData>): Promise<{ status: string }> {
  const { cfg } = engine;
  const person = await engine.sql().one<{ folder: string }>('select folder from youtube_people where user_id = ?', [row.user_id]);
  const personDir = inside(engine.root, person!.folder);
  await mkdir(personDir, { recursive: true });
  const full = await spaceProblem(engine.root, cfg.minFreeGb);
  if (full) return fail(engine, row, { message: full, detail: full, transient: true });

  // Only a playlist link costs an extra yt-dlp run (to list its items); a video is one run.
  if (row.playlist && !row.group_id) {
    await progressTo(engine, row, { phase: 'checking' });
    const probed = await probe(cfg.ytDlpPath, row.url, await engine.commonArgs(), row.playlist_limit ?? cfg.maxPlaylistItems, job.signal);
    if (job.signal.aborted) throw job.signal.reason;
    if (!probed.ok) return fail(engine, row, probed.failure);
    if (probed.info.kind === 'playlist') return expand(engine, row, probed.info.title, probed.info.entries);
  }

  // yt-dlp downloads into the download's own work folder under a neutral name; the finished files
  // are then moved to names made here (Plex layout, sanitised, checked to stay in the folder).
  const work = inside(personDir, '.incomplete', String(row.id));
  const done = join(work, 'done');
  await mkdir(done, { recursive: true });
  const infoFile = join(work, 'info.json');
  const resultFile = join(work, 'finished-path.txt');
  await rm(resultFile, { force: true });
  const archive = await engine.archiveFile(row.user_id);
  const args = [
    ...(await engine.commonArgs(work)),
    ...PROGRESS_ARGS,
    '--no-playlist', '--max-downloads', '1', '--no-mtime', '--continue',
    // Duplicates per person: yt-dlp's archive of what they already have, unless they asked again.
    ...(row.force ? [] : ['--download-archive', archive, '--break-on-existing']),
    '-P', `home:${done}`, '-P', `temp:${work}`,
    '-o', 'media.%(ext)s',
    ...(cfg.layout === 'by-date' ? ['--write-thumbnail', '--convert-thumbnails', 'jpg', '-o', 'thumbnail:media.%(ext)s'] : []),
    ...(cfg.maxFileSize ? ['--max-filesize', cfg.maxFileSize] : []),
    ...presetArgs(row.preset as PresetId, row.options as never),
    '--print-to-file', INFO_TEMPLATE, infoFile,
    '--print-to-file', 'after_move:filepath', resultFile,
    '--', row.url,
  ];

  // Cancel arrives as a row update (from any web process); the heartbeat notices it within a second.
  const stop = new AbortController();
  let canceled = false;
  const onAbort = () => stop.abort();
  job.signal.addEventListener('abort', onAbort, { once: true });
  let latest: Progress | null = null;
  let lastEvent = 0;
  let named = false;
  const heartbeat = setInterval(async () => {
    try {
      const status = await engine.heartbeat(row.id, latest);
      if (status === 'canceled' && !canceled) {
        canceled = true;
        stop.abort();
      }
    } catch (err) {
      job.log.warn({ err: (err as Error).message }, 'could not record progress');
    }
  }, HEARTBEAT_MS);
  let run;
  try {
    run = await runYtDlp(cfg.ytDlpPath, args, {
      signal: stop.signal,
      onStart: (pid) => void engine.sql().all('update youtube_downloads set runner = ? where id = ?', [`${HOST}:${pid}`, row.id]).catch(() => {}),
      onProgress: (p) => {
        latest = p;
        if (!named) {
          named = true; // the title is known once the download starts
          void readInfo(infoFile, row.url).then((info) => info && nameRow(engine, row, info)).catch(() => {});
        }
        const now = Date.now();
        if (now - lastEvent >= EVENT_EVERY_MS || p.phase === 'processing') {
          lastEvent = now;
          engine.emit(applyProgress(row, p));
        }
      },
    });
  } finally {
    clearInterval(heartbeat);
    job.signal.removeEventListener('abort', onAbort);
  }
  if (job.signal.aborted) throw job.signal.reason; // worker stopping: the partial file waits for the next try
  if (canceled || (await engine.statusOf(row.id)) === 'canceled') {
    await rm(work, { recursive: true, force: true });
    await finish(engine, row, { status: 'canceled' });
    return { status: 'canceled' };
  }

  const info = await readInfo(infoFile, row.url);
  if (info) await nameRow(engine, row, info);
  const written = (await readFile(resultFile, 'utf8').catch(() => '')).trim().split('\n').at(-1) ?? '';
  if (!succeeded(run.code) || !written) {
    if (succeeded(run.code) && !run.spawnError && !written && info && !row.force && (await engine.inArchive(archive, info))) {
      await rm(work, { recursive: true, force: true });
      const earlier = await engine.sql().one<{ finished_at: Date }>(
        `select finished_at from youtube_downloads where user_id = ? and extractor = ? and video_id = ? and status = 'done' order by id desc limit 1`, [row.user_id, info.extractor, info.videoId]);
      const on = earlier ? ` on ${new Date(earlier.finished_at).toISOString().slice(0, 10)}` : '';
      await finish(engine, row, { status: 'skipped', error: `You already downloaded this${on}. Choose "Try again" to fetch it anyway` });
      return { status: 'skipped' };
    }
    const failure = succeeded(run.code) && !run.spawnError
      ? cfg.maxFileSize
        ? { message: `This video is bigger than the largest download allowed here (${cfg.maxFileSize})`, detail: `yt-dlp finished without a file (larger than --max-filesize ${cfg.maxFileSize}?): ${run.stderr.slice(-300)}`, transient: false }
        : { message: 'The download finished without a file. Tell an admin', detail: `yt-dlp exited ${run.code} without a finished file: ${run.stderr.slice(-300)}`, transient: false }
      : explain(run, cfg.ytDlpPath);
    if (!failure.transient) await rm(work, { recursive: true, force: true });
    return fail(engine, row, failure);
  }

  // Move the finished files to their names: `media.mp4`, `media.jpg`, `media.en.srt` → `<name>.…`.
  const parts = info ?? { title: row.title ?? 'Untitled', videoId: String(row.id), channel: 'Unknown channel', uploadDate: null, extractor: 'generic', size: null, kind: 'video' as const };
  const segments = layoutPath(parts, cfg.layout);
  const base = inside(personDir, ...segments);
  await mkdir(dirname(base), { recursive: true });
  let main = '';
  for (const name of await readdir(done)) {
    if (!name.startsWith('media.')) continue;
    const target = `${base}${name.slice('media'.length)}`;
    if (!isInside(personDir, target)) continue; // cannot happen: the names are ours
    await rename(join(done, name), target);
    if (join(done, name) === written || basename(written) === name) main = target;
  }
  await rm(work, { recursive: true, force: true });
  if (!main) return fail(engine, row, { message: 'The download finished without a file. Tell an admin', detail: `yt-dlp reported ${written}, which was not in ${done}`, transient: false });
  // Whatever the title said, the file must be inside the person's folder.
  const real = await realpath(main);
  if (!isInside(await realpath(personDir), real)) {
    await rm(real, { force: true });
    return fail(engine, row, { message: 'The download was stopped for safety. Tell an admin', detail: `a finished file resolved outside the person's folder: ${real}`, transient: false });
  }
  if (row.force && info) await engine.remember(archive, info);
  if (cfg.layout === 'by-date') {
    const season = segments[2]!;
    await writeNfo(join(personDir, segments[0]!), base, { title: parts.title, channel: parts.channel, videoId: parts.videoId, uploadDate: season.slice(1, 5) + season.slice(7, 11), url: row.url })
      .catch((err: Error) => job.log.warn({ err: err.message }, 'could not write the .nfo files'));
  }
  const folder = dirname(real);
  await finish(engine, row, { status: 'done', file_path: relative(personDir, real), folder: relative(engine.root, folder), percent: 100, plex: null });
  const plex = await scanInPlex(engine.plex(), folder, engine.root, cfg.plexDownloadsDir, job.log);
  if (plex) await finish(engine, row, { plex });
  return { status: 'done' };
}

/** What yt-dlp prints about the video before anything else (its "pre_process" stage, reached even when the archive skips it). */
const INFO_TEMPLATE = 'pre_process:%(.{id,title,fulltitle,channel,uploader,playlist_uploader,upload_date,extractor_key,extractor,webpage_url,filesize,filesize_approx})j';

async function readInfo(file: string, url: string): Promise<VideoInfo | null> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const line = text.trim().split('\n').at(-1);
  if (!line) return null;
  try {
    const info = readVideo(JSON.parse(line), url);
    return info.kind === 'video' ? info : null;
  } catch {
    return null;
  }
}

async function nameRow(engine: Engine, row: DownloadRow, info: VideoInfo): Promise<void> {
  if (row.video_id === info.videoId && row.title === info.title) return;
  await engine.sql().all('update youtube_downloads set title = ?, channel = ?, extractor = ?, video_id = ?, upload_date = ? where id = ?', [info.title, info.channel, info.extractor, info.videoId, info.uploadDate, row.id]);
  engine.emit(Object.assign(row, { title: info.title, channel: info.channel, extractor: info.extractor, video_id: info.videoId, upload_date: info.uploadDate }));
}

/** A playlist link becomes one queued download per item, in its owner's list; the link row is done. */
async function expand(engine: Engine, row: DownloadRow, title: string, entries: Array<{ url: string; title: string | null }>): Promise<{ status: string }> {
  if (!entries.length) return fail(engine, row, { message: 'This playlist has no videos we can download', detail: 'yt-dlp listed no entries with a web address', transient: false });
  await engine.sql().tx(async (sql) => {
    let index = 0;
    for (const e of entries) {
      index++;
      await sql.all(
        `insert into youtube_downloads (user_id, url, preset, options, force, group_id, group_title, group_index, group_size, status, title, created_at)
         values (?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, 'queued', ?, ?)`,
        [row.user_id, e.url, row.preset, JSON.stringify(row.options), row.force, row.id, title, index, entries.length, e.title, row.created_at],
      );
    }
    await sql.all(`update youtube_downloads set status = 'expanded', title = ?, group_size = ?, finished_at = now(), phase = null where id = ?`, [title, entries.length, row.id]);
  });
  engine.emitList(row.user_id);
  return { status: 'expanded' };
}

function applyProgress(row: DownloadRow, p: Progress): DownloadRow {
  if (p.phase === 'processing') return Object.assign(row, { phase: 'processing' });
  const percent = p.bytesTotal ? Math.min(100, (p.bytesDone / p.bytesTotal) * 100) : null;
  return Object.assign(row, { phase: 'downloading', bytes_done: p.bytesDone, bytes_total: p.bytesTotal, percent, speed: p.speed, eta: p.eta });
}

async function progressTo(engine: Engine, row: DownloadRow, change: Partial<DownloadRow>): Promise<void> {
  await engine.sql().all('update youtube_downloads set phase = ? where id = ?', [change.phase ?? null, row.id]);
  engine.emit(Object.assign(row, change));
}

async function fail(engine: Engine, row: DownloadRow, failure: Failure): Promise<{ status: string }> {
  engine.log.warn({ downloadId: row.id, url: row.url, detail: failure.detail }, `download failed: ${failure.message}`);
  await finish(engine, row, {
    status: 'failed', error: failure.message, error_detail: failure.detail,
  });
  return { status: 'failed' };
}

/** Stores the outcome (finished_at set once a final status is given) and tells the person's pages. */
async function finish(engine: Engine, row: DownloadRow, change: Partial<DownloadRow>): Promise<void> {
  const final = change.status !== undefined;
  const fields = Object.keys(change);
  const sets = fields.map((f) => `"${f}" = ?`);
  if (final) sets.push('finished_at = now()', 'phase = null', 'speed = null', 'eta = null', 'runner = null');
  const updated = await engine.sql().one<DownloadRow>(`update youtube_downloads set ${sets.join(', ')} where id = ? returning *`, [...fields.map((f) => (change as any)[f]), row.id]);
  if (updated) engine.emit(Object.assign(row, updated));
}
