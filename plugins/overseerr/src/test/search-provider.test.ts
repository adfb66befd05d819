import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { searchProvider } from '../search-provider.js';
import type { TitleView } from '../views.js';

const title = (t: Partial<TitleView>): TitleView => ({ mediaType: 'movie', tmdbId: 1, title: 'X', year: 1999, overview: '', posterUrl: null, availability: 'none', availability4k: 'none', ...t });

test('the search box gets titles with kind, year and state, linking to the Requests page, at most `limit`', async () => {
  const provider = searchProvider(async (q) => [title({ title: `${q} 1`, availability: 'available' }), title({ title: 'Breaking & Bad', mediaType: 'tv', year: null }), title({ title: 'Third' })]);
  const hits = await provider.search('Matrix', { signal: new AbortController().signal, limit: 2 });
  assert.equal(hits, [
    { title: 'Matrix 1', subtitle: 'Film · 1999 · Available', href: '#/p/overseerr/?q=Matrix%201', kind: 'film' },
    { title: 'Breaking & Bad', subtitle: 'Show · Request it', href: '#/p/overseerr/?q=Breaking%20%26%20Bad', kind: 'show' },
  ]);
});

test.run();
