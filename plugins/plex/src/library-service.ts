// `plex.library`, the service the YouTube plugin uses: sections with their folders, partial scans.
import type { PlexLibrary, PlexSection } from '@medianest/sdk';
import type { Connection } from './connection.js';
import type { PmsClient } from './pms-client.js';
import { PlexError } from './plex-errors.js';

const SECTION_TYPES = new Set(['movie', 'show', 'artist', 'photo']);

/** Plex's folders use "/" (or "\" on Windows servers); a path is inside a folder when it starts with it and a separator. */
export function holds(folder: string, path: string): boolean {
  const norm = (p: string) => p.replace(/\\/g, '/').replace(/\/+$/, '');
  const f = norm(folder);
  const p = norm(path);
  return p === f || p.startsWith(`${f}/`);
}

export function libraryService(connection: Connection, pms: PmsClient, cached: <T>(key: string, load: () => Promise<T>) => Promise<T>): PlexLibrary {
  const sections = (): Promise<PlexSection[]> =>
    cached('sections', async () => {
      const server = await connection.active();
      const dirs = await pms.sections(server);
      return dirs
        .filter((d) => SECTION_TYPES.has(d.type))
        .map((d) => ({ id: String(d.key), title: d.title, type: d.type as PlexSection['type'], locations: (d.Location ?? []).map((l) => String(l.path ?? '')).filter(Boolean) }));
    });
  return {
    sections,
    async sectionFor(path) {
      // The deepest folder wins when libraries nest.
      let best: { id: string; title: string; depth: number } | null = null;
      for (const s of await sections()) {
        for (const loc of s.locations) if (holds(loc, path) && (!best || loc.length > best.depth)) best = { id: s.id, title: s.title, depth: loc.length };
      }
      return best && { id: best.id, title: best.title };
    },
    async scan(sectionId, path) {
      if (!/^\d+$/.test(sectionId)) throw new PlexError('not-found', `There is no Plex library "${sectionId}"`);
      await pms.refresh(await connection.active(), sectionId, path);
    },
  };
}
