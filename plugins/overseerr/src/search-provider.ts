// Titles to request in the portal's one search box (SDK search providers). Choosing one opens the
// Requests page searching for it.
import type { TitleView } from './views.js';

/** One hit as the portal's search box shows it (the SDK's SearchResult). */
export interface SearchHit {
  title: string;
  subtitle?: string;
  href: string;
  kind?: string;
}

const WORD: Record<string, string> = { available: 'Available', partial: 'Partly available', pending: 'Requested', processing: 'Downloading' };

/** The provider: `find` is the plugin's own (cached) search. */
export function searchProvider(find: (query: string, signal: AbortSignal) => Promise<TitleView[]>) {
  return {
    title: 'Request a film or show',
    timeout: '3s',
    async search(query: string, context: { signal: AbortSignal; limit: number }): Promise<SearchHit[]> {
      const titles = await find(query, context.signal);
      return titles.slice(0, context.limit).map((t) => ({
        title: t.title,
        subtitle: [t.mediaType === 'tv' ? 'Show' : 'Film', t.year, WORD[t.availability] ?? 'Request it'].filter(Boolean).join(' · '),
        href: `#/p/overseerr/?q=${encodeURIComponent(t.title)}`,
        kind: t.mediaType === 'tv' ? 'show' : 'film',
      }));
    },
  };
}
