import { definePlugin } from '@medianest/sdk';

const FILMS = ['Alien', 'Aliens', 'Arrival', 'Amélie', 'Blade Runner', 'Brazil'];

export default definePlugin({
  id: 'search-films',
  register(ctx) {
    ctx.search.provider({
      title: 'Films',
      search(query, { user, limit }) {
        const hits = FILMS.filter((f) => f.toLowerCase().startsWith(query.toLowerCase()))
          .map((f, i) => ({ title: f, subtitle: `for ${user.name}`, href: `#/p/search-films/${i}`, kind: 'Film' }));
        if (user.role === 'admin') hits.push({ title: `${query} (admin copy)`, href: '#/p/search-films/admin', kind: 'Film' });
        // Nonsense a provider might send: no title, a script address, an outside picture.
        hits.push({ href: '#/nowhere' }, { title: 'Click me', href: 'javascript:alert(1)' }, { title: `${query} poster`, href: 'https://films.example/x', image: 'https://tracker.example/p.png' });
        return hits.slice(0, limit + 3);
      },
    });
    ctx.ui.widget('mn-search-films-list', { module: 'ui/list.js', title: 'Films', size: { w: 6, h: 3, minW: 3, maxW: 9, minH: 2, maxH: 6 } });
  },
});
