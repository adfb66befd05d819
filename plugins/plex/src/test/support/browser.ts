// Debian's headless Chromium through playwright-core, with axe-core run inside the page.
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A browser context (signed in with `cookie` when given), light or dark, desktop or phone; page errors collected. */
export async function open(browser: Browser, url: string, options: { cookie?: string; dark?: boolean; phone?: boolean } = {}): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ colorScheme: options.dark ? 'dark' : 'light', viewport: options.phone ? { width: 375, height: 800 } : { width: 1280, height: 900 } });
  if (options.cookie) {
    const [name, value] = options.cookie.split(';')[0]!.split('=') as [string, string];
    await context.addCookies([{ name, value, url }]);
  }
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 500 && r.url().startsWith(url)) problems.push(`answer ${r.status()} from ${r.request().method()} ${r.url()}`); });
  return { context, page, problems };
}

/** Serious and critical accessibility violations axe-core finds, as readable lines. */
export async function axeProblems(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const result = await page.evaluate(async () => (window as any).axe.run(document, { resultTypes: ['violations'] }));
  return (result.violations as any[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact}: ${v.id} (${v.help}) at ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
}

/** Where screenshots go, for a person to look at (PLEX_SHOTS, else a temp folder). */
export async function shotsDir(): Promise<string> {
  const dir = process.env.PLEX_SHOTS ?? join(tmpdir(), 'plex-shots');
  await mkdir(dir, { recursive: true });
  return dir;
}
