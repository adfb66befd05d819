// Brand icons from simple-icons, looked up on the server: the browser gets only the SVGs tiles use.
import * as icons from 'simple-icons';

export interface BrandIcon {
  slug: string;
  title: string;
  hex: string;
  path: string;
}

const bySlug = new Map<string, BrandIcon>();
const byName = new Map<string, BrandIcon>();
for (const value of Object.values(icons)) {
  const icon = value as BrandIcon;
  if (!icon || typeof icon !== 'object' || typeof icon.slug !== 'string' || typeof icon.path !== 'string') continue;
  bySlug.set(icon.slug, icon);
  byName.set(normalise(icon.title), icon);
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/\.(png|svg|webp|jpe?g)$/, '').replace(/^(si|sh|mdi)-/, '').replace(/[^a-z0-9]/g, '');
}

/** The icon for a slug ("plex") or a brand name as people write it ("Home Assistant", "home-assistant.png", "si-jellyfin"). */
export function findIcon(name: string): BrandIcon | undefined {
  return bySlug.get(name) ?? byName.get(normalise(name)) ?? bySlug.get(normalise(name));
}

/** Up to `limit` icons whose name or slug starts with (then contains) the query, for the admin's picker. */
export function searchIcons(query: string, limit = 20): Array<Omit<BrandIcon, 'path'>> {
  const q = normalise(query);
  if (!q) return [];
  const all = [...bySlug.values()];
  const starts = all.filter((i) => i.slug.startsWith(q) || normalise(i.title).startsWith(q));
  const contains = all.filter((i) => !starts.includes(i) && (i.slug.includes(q) || normalise(i.title).includes(q)));
  return [...starts, ...contains].slice(0, limit).map(({ slug, title, hex }) => ({ slug, title, hex }));
}

/** The icon as a standalone SVG in its brand colour. */
export function iconSvg(icon: BrandIcon): string {
  const title = icon.title.replace(/[<&>]/g, '');
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 24 24"><title>${title}</title><path fill="#${icon.hex}" d="${icon.path}"/></svg>`;
}
