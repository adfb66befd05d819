// Why a download failed, in household words; admins also get yt-dlp's own error line.
import type { RunResult } from './ytdlp-process.js';

/** A failure as shown to the person (`message`) and to admins (`detail`). */
export interface Failure {
  message: string;
  detail: string;
  /** Whether a retry later may work (the partial file is kept for it). */
  transient: boolean;
}

const RULES: Array<[RegExp, string, boolean]> = [
  [/Unsupported URL|no suitable InfoExtractor/i, "This site isn't supported, or the link doesn't point to a video", false],
  [/Private video|video is private|This video is only available to/i, 'This video is private', false],
  [/confirm you.?re not a bot|Sign in to confirm you/i, 'The site asked us to prove we are not a robot. An admin can add a cookies file to fix this', true],
  [/confirm your age|age[- ]restricted|inappropriate for some users/i, 'This video is age-restricted. An admin can add a cookies file from a signed-in account', false],
  [/available in your (country|region)|geo.?restrict|blocked it in your country|geo_bypass/i, "This video can't be watched from our country", false],
  [/members[- ]only|join this channel/i, "This video is for the channel's paying members only", false],
  [/(has been|was) removed|Video unavailable|account .*terminated|HTTP Error 404|HTTP Error 410|does not exist/i, "This video isn't available any more (it was removed or never existed)", false],
  [/live event will begin|Premieres in|is not live|This live event/i, "This is a live stream or premiere that hasn't started; try again after it ends", true],
  [/No space left on device|Errno 28|Disk quota exceeded/i, "The server's disk is full. An admin needs to free some space", true],
  [/ffmpeg (is )?not (found|installed)|ffprobe and ffmpeg not found|ffmpeg.*not found/i, "The server can't finish videos right now (ffmpeg is missing). Tell an admin", true],
  [/larger than max-filesize|File is larger than/i, 'This video is bigger than the largest download allowed on this server', false],
  [/HTTP Error 429|Too Many Requests/i, 'The site is limiting us right now. Try again in an hour or so', true],
  [/HTTP Error 403/i, 'The site refused the download. Try again later; if it keeps failing, tell an admin (yt-dlp may need updating)', true],
  [/timed out|Connection (reset|refused|aborted)|Name or service not known|Temporary failure in name resolution|Network is unreachable|IncompleteRead|Remote end closed|Got server HTTP error|unable to download video data|EOF occurred|ECONNRESET/i, 'The connection dropped. Try again; it carries on where it stopped', true],
];

/** The most telling line of yt-dlp's stderr: its last ERROR line, else its last line. */
export function errorLine(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  return [...lines].reverse().find((l) => l.startsWith('ERROR:')) ?? lines.at(-1) ?? '';
}

/** Explains a finished yt-dlp run that did not succeed. */
export function explain(run: RunResult, program: string): Failure {
  if (run.spawnError) {
    const missing = run.spawnError.code === 'ENOENT';
    return {
      message: missing ? "Downloads aren't set up on this server yet (yt-dlp is missing). Tell an admin" : "The downloader couldn't start. Tell an admin",
      detail: missing ? `${program} was not found: install yt-dlp (apt-get install yt-dlp, or pip install -U yt-dlp) or set "yt-dlp program" in the settings` : `${program}: ${run.spawnError.message}`,
      transient: true,
    };
  }
  const line = errorLine(run.stderr);
  const detail = `${line || 'no error output'} (exit ${run.code ?? run.signal})`;
  if (run.code === 2) return { message: "The server's download settings are wrong. Tell an admin", detail: `yt-dlp rejected its options: ${detail}`, transient: false };
  for (const [rule, message, transient] of RULES) if (rule.test(run.stderr)) return { message, detail, transient };
  return { message: "The download failed. Try again later; if it keeps failing, tell an admin", detail, transient: true };
}
