// Reads a Homepage (gethomepage.dev) services.yaml into tiles: groups, names, links, icons, monitors.
import { findIcon } from './icons.js';
import type { TileInput } from './tile-store.js';

export interface ImportResult {
  tiles: TileInput[];
  /** What could not come across, in words for the admin. */
  notes: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses services.yaml; throws an Error with a message for the admin when it is not one. */
export async function importHomepage(text: string): Promise<ImportResult> {
  const { parse } = await import('yaml'); // only when an admin imports: the parser is not kept in every portal's memory
  let doc: unknown;
  try {
    doc = parse(text, { maxAliasCount: 100 });
  } catch (err) {
    const e = err as Error & { linePos?: Array<{ line: number }> };
    const line = e.linePos?.[0]?.line;
    throw new Error(`This is not valid YAML${line ? ` (line ${line})` : ''}: ${e.message.split('\n')[0]}`);
  }
  if (!Array.isArray(doc)) throw new Error('This does not look like Homepage\'s services.yaml: it should be a list of groups ("- Media:" followed by its services)');
  const tiles: TileInput[] = [];
  const notes: string[] = [];
  const walk = (groupName: string, items: unknown) => {
    if (!Array.isArray(items)) return;
    for (const item of items) {
      if (!isObject(item)) continue;
      for (const [name, value] of Object.entries(item)) {
        if (Array.isArray(value)) {
          walk(name, value); // a nested group
          continue;
        }
        if (!isObject(value)) continue;
        const tile = toTile(groupName, name, value, notes);
        if (tile) tiles.push(tile);
      }
    }
  };
  for (const group of doc) {
    if (!isObject(group)) continue;
    for (const [groupName, items] of Object.entries(group)) walk(groupName, items);
  }
  if (tiles.length === 0 && notes.length === 0) notes.push('No services were found in this file');
  return { tiles, notes };
}

function toTile(group: string, name: string, s: Record<string, unknown>, notes: string[]): TileInput | undefined {
  const href = typeof s.href === 'string' ? s.href.trim() : '';
  if (!/^https?:\/\/\S+$/.test(href)) {
    notes.push(`"${name}" was left out: it has no http(s) address (href)`);
    return undefined;
  }
  let icon: TileInput['icon'] = { kind: 'letter', value: '' };
  if (typeof s.icon === 'string' && s.icon.trim()) {
    const raw = s.icon.trim();
    const brand = /^https?:\/\//.test(raw) || raw.startsWith('/') ? undefined : findIcon(raw);
    if (brand) icon = { kind: 'brand', value: brand.slug };
    else notes.push(`"${name}": no brand icon matches "${raw}", so it shows its first letter (upload an image to change it)`);
  }
  let check: TileInput['check'] = { kind: 'none', target: '' };
  if (typeof s.siteMonitor === 'string' && /^https?:\/\//.test(s.siteMonitor)) check = { kind: 'http', target: s.siteMonitor };
  else if (typeof s.ping === 'string' && s.ping.trim()) {
    const url = new URL(href);
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    const host = s.ping.replace(/^https?:\/\//, '').replace(/[/:].*$/, '');
    check = { kind: 'tcp', target: `${host}:${port}` };
    notes.push(`"${name}": Homepage pings ${host}; MediaNest connects to ${host}:${port} instead`);
  }
  if (isObject(s.widget)) notes.push(`"${name}": its Homepage widget (${String(s.widget.type ?? 'unknown')}) is not imported; MediaNest plugins show live data instead`);
  return {
    name: name.slice(0, 80),
    url: href,
    group: group.slice(0, 80),
    description: typeof s.description === 'string' ? s.description.slice(0, 300) : '',
    icon,
    audience: 'all',
    people: [],
    newTab: s.target !== '_self',
    check,
  };
}
