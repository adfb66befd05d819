// The health check: yt-dlp is there and recent (sites break old versions), ffmpeg is there, and
// the downloads disk has room.
import { ServiceUnavailable, type HealthResult } from '@medianest/sdk';
import { captureYtDlp } from './ytdlp-process.js';
import { freeBytes } from './limits.js';

const MAX_AGE_DAYS = 90;

/** yt-dlp versions are release dates: 2023.03.04 → that day (UTC). */
export function versionDate(version: string): Date | null {
  const m = /^(\d{4})\.(\d{2})\.(\d{2})/.exec(version.trim());
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
}

export async function checkTools(ytDlp: string, ffmpeg: string, root: string, minFreeGb: number, signal: AbortSignal, now = Date.now()): Promise<HealthResult> {
  const yt = await captureYtDlp(ytDlp, ['--version'], signal);
  if (yt.spawnError || yt.code !== 0) {
    throw new ServiceUnavailable(yt.spawnError?.code === 'ENOENT'
      ? `yt-dlp is not installed (looked for "${ytDlp}"): install it (Debian: apt-get install yt-dlp ffmpeg; or the release binary from github.com/yt-dlp/yt-dlp/releases) or set "yt-dlp program" to its full path`
      : `yt-dlp does not run: ${(yt.stderr || yt.spawnError?.message || '').trim().slice(0, 300)}`);
  }
  const version = yt.stdout.trim();
  const problems: string[] = [];
  const date = versionDate(version);
  const days = date ? Math.floor((now - date.getTime()) / 86_400_000) : null;
  if (days !== null && days > MAX_AGE_DAYS) {
    problems.push(`yt-dlp ${version} is ${days} days old (older than ${MAX_AGE_DAYS} days): sites change and old versions stop working; update it (see the plugin README, "Keeping yt-dlp current")`);
  }
  const ff = await captureYtDlp(ffmpeg, ['-version'], signal);
  if (ff.spawnError || ff.code !== 0) problems.push(`ffmpeg is missing (looked for "${ffmpeg}"): videos cannot be merged or converted; install ffmpeg or set "ffmpeg program"`);
  try {
    const free = await freeBytes(root);
    if (minFreeGb > 0 && free < minFreeGb * 1e9) problems.push(`only ${(free / 1e9).toFixed(1)} GB free in ${root} (new downloads are refused below ${minFreeGb} GB)`);
  } catch { /* the folder appears with the first download */ }
  const detail = `yt-dlp ${version}${days !== null ? ` (${days} days old)` : ''}`;
  return problems.length ? { degraded: true, detail: `${detail}; ${problems.join('; ')}`, message: 'Some downloads may fail until an admin updates the downloader' } : { detail };
}
