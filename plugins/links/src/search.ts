// The tiles as a search provider: a person finds the apps they see by name, group, description or address.
import type { PluginContext, SearchProvider } from '@medianest/sdk';
import { sees, type TileStore } from './tile-store.js';

const words = (s: string) => s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

export function tileSearch(tiles: TileStore, ctx: PluginContext<any>): SearchProvider {
  return {
    title: 'Apps',
    timeout: '1s',
    async search(query, { user, limit }) {
      const q = query.toLowerCase();
      const parts = words(q);
      const list = (await ctx.cache.memo('tiles', '2s', () => tiles.list())).filter((t) => sees(user, t));
      const scored = list
        .map((t) => {
          const name = t.name.toLowerCase();
          const host = (() => { try { return new URL(t.url).host; } catch { return ''; } })();
          const hay = words(`${t.name} ${t.group} ${t.description} ${host}`);
          const score = name.startsWith(q) ? 3 : name.includes(q) ? 2 : parts.every((p) => hay.some((w) => w.startsWith(p))) ? 1 : 0;
          return { t, score };
        })
        .filter((x) => x.score > 0)
        .sort((a, b) => b.score - a.score || a.t.name.localeCompare(b.t.name));
      return scored.slice(0, limit).map(({ t }) => ({
        title: t.name,
        subtitle: t.group || t.description || t.url,
        href: t.url,
        ...(t.iconUrl ? { image: t.iconUrl } : {}),
        kind: 'App',
      }));
    },
  };
}
