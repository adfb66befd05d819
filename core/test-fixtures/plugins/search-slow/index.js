import { definePlugin } from '@medianest/sdk';

/** Hangs past its 300 ms timeout, ignoring nothing: it records whether its signal was aborted. */
export let abortedSearches = 0;

export default definePlugin({
  id: 'search-slow',
  register(ctx) {
    ctx.routes.get('/aborted', { auth: 'public' }, () => ({ aborted: abortedSearches }));
    ctx.search.provider({
      title: 'Slow',
      timeout: '300ms',
      search(query, { signal }) {
        return new Promise((resolve) => {
          const timer = setTimeout(() => resolve([{ title: `late ${query}`, href: '#/late' }]), 10_000);
          signal.addEventListener('abort', () => { abortedSearches++; clearTimeout(timer); });
        });
      },
    });
  },
});
