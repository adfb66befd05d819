import type { SearchProvider, SearchResult, User } from '@medianest/sdk';
import type { PluginHost } from '../plugins/plugin-host.js';

interface PageEntry extends SearchResult {
  /** Other words that find it. */
  words: string;
}

const ADMIN_PAGES: PageEntry[] = [
  { title: 'Plugins', href: '#/admin/plugins', subtitle: 'Admin: turn plugins on and off, change their settings', kind: 'Admin page', words: 'admin plugins enable disable settings configure' },
  { title: 'Users', href: '#/admin/users', subtitle: 'Admin: people, roles and passwords', kind: 'Admin page', words: 'admin users people accounts roles members household' },
  { title: 'Sessions', href: '#/admin/sessions', subtitle: 'Admin: who is signed in where', kind: 'Admin page', words: 'admin sessions signed in devices sign out' },
  { title: 'Access', href: '#/admin/access', subtitle: 'Admin: who may do what, sign-in methods', kind: 'Admin page', words: 'admin access permissions sign-in providers' },
  { title: 'Audit log', href: '#/admin/audit', subtitle: 'Admin: sign-ins and admin actions', kind: 'Admin page', words: 'admin audit log history events' },
];

const EVERYONE_PAGES: PageEntry[] = [
  { title: 'Dashboard', href: '#/', subtitle: 'Your board of apps and widgets', kind: 'Page', words: 'home board start' },
  { title: 'Your account', href: '#/account', subtitle: 'Password, sessions and tokens', kind: 'Page', words: 'account profile password tokens me' },
];

/** True when every word of the query starts a word of the text (or the text contains the query). */
export function matches(query: string, text: string): boolean {
  const haystack = text.toLowerCase();
  const q = query.toLowerCase().trim();
  if (haystack.includes(q)) return true;
  const words = haystack.split(/[^\p{L}\p{N}]+/u);
  return q.split(/\s+/).every((part) => words.some((w) => w.startsWith(part)));
}

/** The portal's own pages as a search provider: plugin pages the person sees, admin pages for admins only. */
export function portalPages(host: PluginHost): SearchProvider {
  const pagesFor = (user: User): PageEntry[] => {
    const pluginPages = host.uiManifest(user).pages.map((p) => ({
      title: p.title,
      href: `#/p/${p.plugin}/${p.path}`,
      subtitle: host.records.get(p.plugin)?.pkg?.manifest.displayName ?? p.plugin,
      kind: 'Page',
      words: p.plugin,
    }));
    if (user.role !== 'admin') return [...EVERYONE_PAGES, ...pluginPages];
    const settings = [...host.records.values()].map((r) => {
      const name = r.pkg?.manifest.displayName ?? r.id;
      return { title: `${name} settings`, href: `#/admin/plugins/${r.id}`, subtitle: 'Admin: this plugin\'s settings', kind: 'Admin page', words: `admin plugin settings configure ${r.id}` };
    });
    return [...EVERYONE_PAGES, ...pluginPages, ...ADMIN_PAGES, ...settings];
  };
  return {
    title: 'Pages',
    search(query, { user, limit }) {
      return pagesFor(user)
        .filter((p) => matches(query, `${p.title} ${p.words}`))
        .slice(0, limit)
        .map(({ words: _words, ...result }) => result);
    },
  };
}
