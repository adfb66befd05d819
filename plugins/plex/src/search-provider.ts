// Plex items in the portal's one search box. Choosing one opens it in Plex.
import type { SearchProvider, SearchResult } from '@medianest/sdk';
import type { ItemView } from './views.js';

const KIND: Record<string, string> = { movie: 'Film', show: 'Show', season: 'Season', episode: 'Episode', artist: 'Artist', album: 'Album', track: 'Track' };

/** The provider: `search` is the plugin's own (cached) library search. */
export function plexSearchProvider(search: (query: string) => Promise<ItemView[]>): SearchProvider {
  return {
    title: 'On Plex',
    timeout: '3s',
    async search(query, { limit }): Promise<SearchResult[]> {
      const items = await search(query);
      return items.slice(0, limit).map((item) => ({
        title: item.title,
        subtitle: [KIND[item.type] ?? item.type, item.year, item.library].filter(Boolean).join(' · '),
        href: item.links.app ?? item.links.web ?? '#/p/plex/',
        ...(item.poster ? { image: item.poster } : {}),
        kind: item.type,
      }));
    },
  };
}
