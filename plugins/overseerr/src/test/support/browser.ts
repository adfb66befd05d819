// Debian's headless Chromium through playwright-core, with TMDB's posters served locally (no
// internet in tests) and axe-core run inside the page.
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** A poster-shaped picture standing in for TMDB's image server. */
const POSTER = `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="300"><rect width="200" height="300" fill="#4b5d7a"/><circle cx="100" cy="120" r="50" fill="#8fa7cc"/></svg>`;

export async function launch(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return { browser, close: () => browser.close() };
}

/** A browser context signed in with `cookie` (a Cookie header), light or dark, desktop or phone. */
export async function signedIn(browser: Browser, url: string, cookie: string, options: { dark?: boolean; phone?: boolean } = {}): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ colorScheme: options.dark ? 'dark' : 'light', viewport: options.phone ? { width: 375, height: 800 } : { width: 1280, height: 900 } });
  const [name, value] = cookie.split(';')[0]!.split('=') as [string, string];
  await context.addCookies([{ name, value, url }]);
  await context.route('https://image.tmdb.org/**', (route) => route.fulfill({ status: 200, contentType: 'image/svg+xml', body: POSTER }));
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 500) problems.push(`answer ${r.status()} from ${r.request().method()} ${r.url()}`); });
  return { context, page, problems };
}

/** Serious and critical accessibility violations axe-core finds on the page, as readable lines. */
export async function axeProblems(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const result = await page.evaluate(async () => (window as any).axe.run(document, { resultTypes: ['violations'] }));
  return (result.violations as any[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact}: ${v.id} (${v.help}) at ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
}

/** A folder for screenshots, kept for a person to look at. */
export async function shotsDir(): Promise<string> {
  const dir = process.env.OVERSEERR_SHOTS ?? join(tmpdir(), 'overseerr-shots');
  await rm(dir, { recursive: true, force: true });
  await mkdtemp(join(tmpdir(), 'x')).then((d) => rm(d, { recursive: true }));
  const { mkdir } = await import('node:fs/promises');
  await mkdir(dir, { recursive: true });
  return dir;
}
