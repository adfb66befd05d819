import type { WidgetOptions, WidgetSize } from '@medianest/sdk';

/** A widget size with every bound filled in, as the UI manifest sends it. */
export type FullWidgetSize = Required<WidgetSize>;

/** Columns of the board grid; widget widths are counted in them. */
export const GRID_COLUMNS = 12;

/** Reads a widget's `size` (the 1 | 2 shorthand or a WidgetSize); throws a message naming what is wrong. */
export function widgetSize(size: WidgetOptions['size']): FullWidgetSize {
  if (size === undefined || size === 1) return { w: 4, h: 4, minW: 2, minH: 2, maxW: GRID_COLUMNS, maxH: 12 };
  if (size === 2) return { w: 8, h: 4, minW: 3, minH: 2, maxW: GRID_COLUMNS, maxH: 12 };
  if (typeof size !== 'object' || size === null) throw new Error('widget size must be 1, 2 or { w, h, minW?, minH?, maxW?, maxH? }');
  const full: FullWidgetSize = { minW: 1, minH: 1, maxW: GRID_COLUMNS, maxH: 12, ...size };
  for (const key of ['w', 'h', 'minW', 'minH', 'maxW', 'maxH'] as const) {
    const v = full[key];
    if (!Number.isInteger(v) || v < 1 || v > GRID_COLUMNS) throw new Error(`widget size ${key} must be a whole number from 1 to ${GRID_COLUMNS} (got ${JSON.stringify(v)})`);
  }
  if (full.minW > full.w || full.w > full.maxW) throw new Error(`widget size: w ${full.w} is not between minW ${full.minW} and maxW ${full.maxW}`);
  if (full.minH > full.h || full.h > full.maxH) throw new Error(`widget size: h ${full.h} is not between minH ${full.minH} and maxH ${full.maxH}`);
  return full;
}
