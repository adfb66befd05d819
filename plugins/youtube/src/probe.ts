// What a link is, asked of yt-dlp without downloading (`-J`): one video, or a playlist/channel
// whose entries become downloads of their own.
import { captureYtDlp, succeeded } from './ytdlp-process.js';
import { explain, type Failure } from './explain.js';

export interface VideoInfo {
  kind: 'video';
  extractor: string;
  videoId: string;
  title: string;
  channel: string;
  uploadDate: string | null;
  /** Bytes, when the site says (exact or estimated). */
  size: number | null;
}

export interface PlaylistInfo {
  kind: 'playlist';
  title: string;
  entries: Array<{ url: string; title: string | null }>;
}

export type ProbeResult = { ok: true; info: VideoInfo | PlaylistInfo } | { ok: false; failure: Failure };

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);

/** Reads yt-dlp's `-J` JSON. */
export function readInfo(json: Record<string, any>, fallbackUrl: string): VideoInfo | PlaylistInfo {
  if (json._type === 'playlist' && Array.isArray(json.entries)) {
    const entries = json.entries
      .map((e: Record<string, any>) => ({ url: str(e?.url) ?? str(e?.webpage_url) ?? '', title: str(e?.title) }))
      .filter((e: { url: string }) => /^https?:\/\//i.test(e.url));
    return { kind: 'playlist', title: str(json.title) ?? 'Playlist', entries };
  }
  const size = [json.filesize, json.filesize_approx].find((v) => typeof v === 'number' && v > 0) ?? null;
  let host = 'Unknown channel';
  try {
    host = new URL(str(json.webpage_url) ?? fallbackUrl).hostname;
  } catch { /* keep the fallback */ }
  return {
    kind: 'video',
    extractor: str(json.extractor_key) ?? str(json.extractor) ?? 'generic',
    videoId: str(json.id) ?? 'video',
    title: str(json.title) ?? str(json.fulltitle) ?? 'Untitled',
    channel: str(json.channel) ?? str(json.uploader) ?? str(json.playlist_uploader) ?? host,
    uploadDate: /^\d{8}$/.test(json.upload_date ?? '') ? json.upload_date : null,
    size,
  };
}

/** Probes a link; `playlistLimit` null means "only this video" (--no-playlist). */
export async function probe(program: string, url: string, common: string[], playlistLimit: number | null, signal?: AbortSignal): Promise<ProbeResult> {
  const args = ['-J', '--flat-playlist', '--no-warnings', ...common, ...(playlistLimit ? ['--yes-playlist', '--playlist-items', `1:${playlistLimit}`] : ['--no-playlist']), '--', url];
  const run = await captureYtDlp(program, args, signal);
  if (!succeeded(run.code) || run.spawnError) return { ok: false, failure: explain(run, program) };
  try {
    return { ok: true, info: readInfo(JSON.parse(run.stdout), url) };
  } catch {
    return { ok: false, failure: { message: "The site answered in a way we didn't understand. Tell an admin", detail: `yt-dlp -J printed no JSON: ${run.stdout.slice(0, 200)}`, transient: true } };
  }
}
