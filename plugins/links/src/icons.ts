// Brand icons from simple-icons, looked up on the server: the browser gets only the SVGs tiles use.
// The package's JavaScript index holds every icon's path (5 MB of source, about 10 MB of heap once
// loaded), so only its small JSON index (slug, title, colour) is read, and an icon's path is read
// from its own SVG file when a browser first asks for it.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export interface BrandIcon {
  slug: string;
  title: string;
  hex: string;
}

interface Index {
  bySlug: Map<string, BrandIcon>;
  byName: Map<string, BrandIcon>;
}

let index: Index | undefined;

function load(): Index {
  if (index) return index;
  const file = fileURLToPath(import.meta.resolve('simple-icons/icons.json'));
  const entries = JSON.parse(readFileSync(file, 'utf8')) as Array<{ slug?: string; title: string; hex: string }>;
  const bySlug = new Map<string, BrandIcon>();
  const byName = new Map<string, BrandIcon>();
  for (const { slug, title, hex } of entries) {
    const icon = { slug: slug ?? titleToSlug(title), title, hex };
    bySlug.set(icon.slug, icon);
    byName.set(normalise(title), icon);
  }
  index = { bySlug, byName };
  return index;
}

// The package's own rule for a slug (its sdk), for the icons whose data names none.
function titleToSlug(title: string): string {
  const replacements: Record<string, string> = { '+': 'plus', '.': 'dot', '&': 'and', đ: 'd', ħ: 'h', ı: 'i', ĸ: 'k', ŀ: 'l', ł: 'l', ß: 'ss', ŧ: 't', ø: 'o' };
  return title.toLowerCase().replace(/[+.&đħıĸŀłßŧø]/g, (c) => replacements[c]!).normalize('NFD').replace(/[^a-z\d]/g, '');
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/\.(png|svg|webp|jpe?g)$/, '').replace(/^(si|sh|mdi)-/, '').replace(/[^a-z0-9]/g, '');
}

/** The icon for a slug ("plex") or a brand name as people write it ("Home Assistant", "home-assistant.png", "si-jellyfin"). */
export function findIcon(name: string): BrandIcon | undefined {
  const { bySlug, byName } = load();
  return bySlug.get(name) ?? byName.get(normalise(name)) ?? bySlug.get(normalise(name));
}

/** Up to `limit` icons whose name or slug starts with (then contains) the query, for the admin's picker. */
export function searchIcons(query: string, limit = 20): BrandIcon[] {
  const q = normalise(query);
  if (!q) return [];
  const all = [...load().bySlug.values()];
  const starts = all.filter((i) => i.slug.startsWith(q) || normalise(i.title).startsWith(q));
  const contains = all.filter((i) => !starts.includes(i) && (i.slug.includes(q) || normalise(i.title).includes(q)));
  return [...starts, ...contains].slice(0, limit).map(({ slug, title, hex }) => ({ slug, title, hex }));
}

/** The icon as a standalone SVG in its brand colour (its path read from the package's SVG file). */
export async function iconSvg(icon: BrandIcon): Promise<string> {
  const file = fileURLToPath(import.meta.resolve(`simple-icons/icons/${icon.slug}.svg`));
  const path = /<path d="([^"]+)"/.exec(await readFile(file, 'utf8'))?.[1] ?? '';
  const title = icon.title.replace(/[<&>]/g, '');
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 24 24"><title>${title}</title><path fill="#${icon.hex}" d="${path}"/></svg>`;
}
