// After each finished item: ask Plex (through the Plex plugin's `plex.library` service, when it
// runs) to scan exactly the folder the file landed in, translated to the path Plex sees.
import { relative, sep } from 'node:path';
import type { Logger, PlexLibrary } from '@medianest/sdk';

/** `folder` (as this server sees it) as Plex sees it, by swapping the downloads root for Plex's. */
export function plexPath(folder: string, downloadsRoot: string, plexRoot: string): string {
  if (!plexRoot) return folder;
  const rel = relative(downloadsRoot, folder);
  const root = plexRoot.replace(/[\\/]+$/, '');
  return rel ? `${root}/${rel.split(sep).join('/')}` : root;
}

/** Asks Plex to scan the folder; returns what to show in the history (never throws). */
export async function scanInPlex(plex: PlexLibrary | undefined, folder: string, downloadsRoot: string, plexRoot: string, log: Logger): Promise<string | null> {
  if (!plex) return null;
  const path = plexPath(folder, downloadsRoot, plexRoot);
  try {
    const section = await plex.sectionFor(path);
    if (!section) {
      log.warn({ path }, 'no Plex library holds this folder; set "Downloads folder as Plex sees it" or add the folder to a library');
      return 'Not in a Plex library yet';
    }
    await plex.scan(section.id, path);
    return `In Plex: ${section.title}`;
  } catch (err) {
    log.warn({ err: (err as Error).message, path }, 'could not ask Plex to scan');
    return 'Plex could not be told; it finds it at its next scan';
  }
}
