// The admin's "Test connection" for these settings: yt-dlp and ffmpeg run, the downloads folder can
// be written and has room, and (with the Plex plugin running) a Plex library holds the downloads
// folder as Plex sees it.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { PlexLibrary, SettingsTestResult } from '@medianest/sdk';
import type { YoutubeConfig } from './config.js';
import { checkTools } from './health.js';
import { plexPath } from './plex.js';

export async function testSettings(config: YoutubeConfig, dataDir: string | undefined, plex: PlexLibrary | undefined, signal: AbortSignal): Promise<SettingsTestResult> {
  const found: string[] = [];
  const problems: string[] = [];
  const root = resolve(config.downloadsDir || process.env.DOWNLOADS_DIR || join(dataDir ?? 'data/plugins/youtube', 'downloads'));
  try {
    const tools = await checkTools(config.ytDlpPath, config.ffmpegPath, root, config.minFreeGb, signal);
    // An old yt-dlp or little free space is a warning to read, not a reason to refuse the settings.
    found.push(tools?.detail ?? 'yt-dlp runs');
  } catch (err) {
    return { ok: false, message: 'yt-dlp does not run with these settings', detail: (err as Error).message };
  }
  try {
    await mkdir(root, { recursive: true });
    const probe = join(root, `.medianest-write-test-${process.pid}`);
    await writeFile(probe, '');
    await rm(probe, { force: true });
    found.push(`can write to ${root}`);
  } catch (err) {
    return { ok: false, message: `The downloads folder ${root} cannot be written`, detail: (err as Error).message };
  }
  const seenByPlex = plexPath(root, root, config.plexDownloadsDir);
  if (!plex) {
    found.push('Plex is not running, so nothing is scanned after downloads');
  } else {
    try {
      const section = await plex.sectionFor(seenByPlex);
      const inside = section ? [] : (await plex.sections()).filter((s) => s.locations.some((l) => l.startsWith(`${seenByPlex.replace(/\/+$/, '')}/`)));
      if (section) found.push(`the Plex library "${section.title}" holds ${seenByPlex}`);
      else if (inside.length) found.push(`Plex libraries inside ${seenByPlex}: ${inside.map((s) => s.title).join(', ')}`);
      else problems.push(`no Plex library holds ${seenByPlex}: add that folder to a TV Shows library in Plex, or set "Downloads folder as Plex sees it" to the path Plex uses`);
    } catch (err) {
      problems.push(`Plex could not be asked about its libraries: ${(err as Error).message}`);
    }
  }
  if (problems.length) return { ok: false, message: problems[0]!, detail: [...problems.slice(1), ...found].join('; ') || undefined };
  return { ok: true, message: found.join('; ') };
}
