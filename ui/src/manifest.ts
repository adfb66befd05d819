import { api } from '@medianest/sdk/browser';

export interface WidgetEntry {
  plugin: string;
  tag: string;
  title: string;
  module: string;
  slot: 'dashboard' | 'sidebar';
  /** Columns of a 12-column board and rows of 80 px, with the bounds people may resize within. */
  size: { w: number; h: number; minW: number; minH: number; maxW: number; maxH: number };
}

export interface PageEntry {
  plugin: string;
  tag: string;
  title: string;
  module: string;
  path: string;
}

/** A plugin's component on its admin settings form (admins only). */
export interface SettingsEntry {
  plugin: string;
  tag: string;
  module: string;
}

export interface UiManifest {
  widgets: WidgetEntry[];
  pages: PageEntry[];
  settings?: SettingsEntry[];
}

export const fetchManifest = (): Promise<UiManifest> => api<UiManifest>('/api/ui/manifest');

/** Imports a plugin module once and checks it defined the element it promised. */
export async function loadElement(module: string, tag: string): Promise<void> {
  if (customElements.get(tag)) return;
  await import(/* @vite-ignore */ module);
  if (!customElements.get(tag)) throw new Error(`${module} did not define <${tag}>`);
}
