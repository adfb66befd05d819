export type Theme = 'system' | 'light' | 'dark';

/** Applies the person's theme to the page (page.css reads `data-theme`); "system" follows the device. Remembered for the next load. */
export function applyTheme(theme: Theme | undefined): void {
  const root = document.documentElement;
  if (!theme || theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
  try {
    if (theme) localStorage.setItem('mn-theme', theme);
  } catch {
    /* private mode: the profile still holds it */
  }
}

/** The theme remembered in this browser, applied before anything renders (no flash of the other one). */
export function restoreTheme(): void {
  try {
    applyTheme((localStorage.getItem('mn-theme') as Theme | null) ?? undefined);
  } catch {
    /* nothing remembered */
  }
}
