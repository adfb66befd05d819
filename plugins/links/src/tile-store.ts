// Tiles in PostgreSQL, and who may see which.
import { randomUUID } from 'node:crypto';
import type { Store, User } from '@medianest/sdk';
import { TileRow } from './tables.js';
import { findIcon } from './icons.js';
import type { TileStatus } from './checks.js';

/** A tile as an admin sends it (defaults applied by the route schema). */
export interface TileInput {
  name: string;
  url: string;
  group: string;
  description: string;
  icon: { kind: 'brand' | 'image' | 'letter'; value: string };
  audience: 'all' | 'admins' | 'people';
  people: string[];
  newTab: boolean;
  check: { kind: 'none' | 'http' | 'tcp' | 'kuma'; target: string };
  position?: number;
}

/** A tile as the dashboard gets it. */
export interface Tile extends TileInput {
  id: string;
  position: number;
  /** Where the browser loads the icon from, or null for a letter avatar. */
  iconUrl: string | null;
}

interface Row {
  id: string; name: string; url: string; groupName: string; description: string; iconKind: string; iconValue: string;
  audience: string; people: string[]; newTab: boolean; checkKind: string; checkTarget: string; position: number;
}

const ICON_VERSION = '16.37.0'; // simple-icons: in the URL, so the year-long cache ends with an upgrade

export function toTile(row: Row): Tile {
  const icon = { kind: row.iconKind as Tile['icon']['kind'], value: row.iconValue };
  const iconUrl = icon.kind === 'brand' && icon.value ? `/api/plugins/links/icons/${icon.value}.svg?v=${ICON_VERSION}`
    : icon.kind === 'image' && icon.value ? `/api/plugins/links/images/${icon.value}` : null;
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    group: row.groupName,
    description: row.description,
    icon,
    iconUrl,
    audience: row.audience as Tile['audience'],
    people: row.people,
    newTab: row.newTab,
    check: { kind: row.checkKind as Tile['check']['kind'], target: row.checkTarget },
    position: row.position,
  };
}

/** Whether this person sees the tile on their dashboard and in search. */
export function sees(user: User | null, tile: Pick<Tile, 'audience' | 'people'>): boolean {
  if (!user) return false;
  if (tile.audience === 'all') return true;
  if (tile.audience === 'admins') return user.role === 'admin';
  return tile.people.includes(user.id);
}

/** A problem with a tile's fields that the schema cannot see, said next to the field; undefined when fine. */
export function checkInput(input: TileInput): { field: string; message: string } | undefined {
  if (input.icon.kind === 'brand' && !findIcon(input.icon.value)) return { field: 'icon', message: `No brand icon is called "${input.icon.value}": pick one from the list, or use a letter` };
  if (input.icon.kind === 'image' && !/^[A-Za-z0-9-]{1,64}$/.test(input.icon.value)) return { field: 'icon', message: 'Upload the image again' };
  if (input.audience === 'people' && input.people.length === 0) return { field: 'people', message: 'Choose at least one person, or show the tile to everyone' };
  if (input.check.kind === 'tcp' && !/^\[?[^\s\]]+\]?:\d{1,5}$/.test(input.check.target)) return { field: 'check', message: 'Enter the host and port to connect to, e.g. 192.168.1.5:32400' };
  if (input.check.kind === 'http' && input.check.target && !/^https?:\/\/\S+$/.test(input.check.target)) return { field: 'check', message: 'Enter the address to check, starting with http:// or https://, or leave it empty to check the tile\'s address' };
  if (input.check.kind === 'kuma' && !input.check.target.trim()) return { field: 'check', message: 'Enter the name of the Uptime Kuma monitor' };
  return undefined;
}

export class TileStore {
  constructor(private readonly store: Store) {}

  async list(): Promise<Tile[]> {
    const rows = await this.store.em().find(TileRow, {}, { orderBy: { groupName: 'asc', position: 'asc', createdAt: 'asc' } });
    return rows.map((r) => toTile(r as Row));
  }

  async get(id: string): Promise<Tile | undefined> {
    const row = await this.store.em().findOne(TileRow, { id });
    return row ? toTile(row as Row) : undefined;
  }

  async add(input: TileInput): Promise<Tile> {
    const em = this.store.em();
    const position = input.position ?? (await em.count(TileRow, { groupName: input.group }));
    const brand = input.icon.kind === 'brand' ? findIcon(input.icon.value)?.slug ?? '' : input.icon.value;
    const row = em.create(TileRow, {
      id: randomUUID(), name: input.name.trim(), url: input.url, groupName: input.group.trim(), description: input.description.trim(),
      iconKind: input.icon.kind, iconValue: input.icon.kind === 'letter' ? '' : brand, audience: input.audience,
      people: input.audience === 'people' ? input.people : [], newTab: input.newTab, checkKind: input.check.kind, checkTarget: input.check.target.trim(), position,
    } as any);
    await em.flush();
    return toTile(row as Row);
  }

  async update(id: string, input: TileInput): Promise<Tile | undefined> {
    const em = this.store.em();
    const row = await em.findOne(TileRow, { id });
    if (!row) return undefined;
    const brand = input.icon.kind === 'brand' ? findIcon(input.icon.value)?.slug ?? '' : input.icon.value;
    em.assign(row, {
      name: input.name.trim(), url: input.url, groupName: input.group.trim(), description: input.description.trim(),
      iconKind: input.icon.kind, iconValue: input.icon.kind === 'letter' ? '' : brand, audience: input.audience,
      people: input.audience === 'people' ? input.people : [], newTab: input.newTab, checkKind: input.check.kind, checkTarget: input.check.target.trim(),
      ...(input.position !== undefined ? { position: input.position } : {}),
    } as any);
    await em.flush();
    return toTile(row as Row);
  }

  async remove(id: string): Promise<boolean> {
    const em = this.store.em();
    const row = await em.findOne(TileRow, { id });
    if (!row) return false;
    em.remove(row);
    await em.flush();
    return true;
  }
}

/** The status a person sees: the reason is for admins only. */
export function statusFor(user: User | null, status: TileStatus | undefined): TileStatus {
  const s = status ?? { state: 'unknown', latencyMs: null, reason: 'not checked yet', checkedAt: '' };
  return user?.role === 'admin' ? s : { ...s, reason: '' };
}
