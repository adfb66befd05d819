// Where each widget goes on a person's board: their saved places, new widgets after them, no holes.
import type { WidgetEntry } from './manifest.ts';

/** A widget's place on the 12-column board (`id` is `<plugin>/<tag>`). */
export interface BoardItem {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  hidden: boolean;
}

export const COLUMNS = 12;
export const widgetId = (w: WidgetEntry) => `${w.plugin}/${w.tag}`;

const clamp = (v: number, min: number, max: number) => Math.max(min, Math.min(max, v));
const overlaps = (a: BoardItem, b: BoardItem) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** Moves every item up as far as it goes without overlapping the ones above (a removed widget leaves no hole). */
export function compact(items: BoardItem[]): BoardItem[] {
  const placed: BoardItem[] = [];
  for (const item of [...items].sort((a, b) => a.y - b.y || a.x - b.x)) {
    const next = { ...item, y: 0 };
    while (placed.some((p) => overlaps(p, next))) next.y++;
    placed.push(next);
  }
  return placed;
}

/** The first free spot for a w×h widget, scanning rows from the top. */
function firstFree(placed: BoardItem[], w: number, h: number): { x: number; y: number } {
  for (let y = 0; ; y++) {
    for (let x = 0; x + w <= COLUMNS; x++) {
      const probe = { id: '', x, y, w, h, hidden: false };
      if (!placed.some((p) => overlaps(p, probe))) return { x, y };
    }
  }
}

/**
 * The board for these widgets: saved items of widgets that are still there (sizes kept within the
 * widget's bounds), then widgets the board does not know yet, each in the first free spot.
 * Returns the visible items (compacted) and the hidden ones.
 */
export function arrange(widgets: WidgetEntry[], saved: BoardItem[]): { visible: BoardItem[]; hidden: BoardItem[] } {
  const byId = new Map(widgets.map((w) => [widgetId(w), w]));
  const known = new Set<string>();
  const items: BoardItem[] = [];
  for (const item of saved) {
    const widget = byId.get(item.id);
    if (!widget || known.has(item.id)) continue;
    known.add(item.id);
    const { size } = widget;
    const w = clamp(item.w, size.minW, Math.min(size.maxW, COLUMNS));
    items.push({ id: item.id, x: clamp(item.x, 0, COLUMNS - w), y: Math.max(0, item.y), w, h: clamp(item.h, size.minH, size.maxH), hidden: item.hidden });
  }
  const visible = compact(items.filter((i) => !i.hidden));
  for (const widget of widgets) {
    const id = widgetId(widget);
    if (known.has(id)) continue;
    const w = Math.min(widget.size.w, COLUMNS);
    const spot = firstFree(visible, w, widget.size.h);
    visible.push({ id, ...spot, w, h: widget.size.h, hidden: false });
  }
  return { visible: compact(visible), hidden: items.filter((i) => i.hidden) };
}
