import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { MediaServer } from './support/media-server.js';
import { startPortal, type Portal } from './support/harness.js';

// The page and the widget in the real portal, in Debian's headless Chromium: the page behind grey
// bars while it loads, then paste a link, watch the bar move, find it in the history. Screenshots at desktop and phone width, light and dark.
let p: Portal;
let media: MediaServer;
let browser: BrowserContext;
let profile: string;
let page: Page;
const problems: string[] = [];
const shots = process.env.SCREENSHOT_DIR ?? tmpdir();
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const test = suite('the downloads page in headless Chromium');

test.before(async () => {
  media = await MediaServer.start();
  p = await startPortal({ perHour: 5 }, { setUp: true });
  const [name, value] = (await p.person('uma', 'Uma')).split('=') as [string, string];
  profile = await mkdtemp(join(tmpdir(), 'medianest-chromium-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  await browser.addCookies([{ name, value, url: p.t.url }]);
  page = await browser.newPage();
  // The refused link's 400 is expected; anything else logged as an error is a problem.
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 400/.test(m.text())) problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page: ${e.message}`));
  await page.setViewportSize({ width: 1280, height: 900 });
});
test.after(async () => {
  await browser?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
  await p?.stop();
  await media?.stop();
});

async function axe(): Promise<string[]> {
  await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const r = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v: any) => v.impact === 'serious' || v.impact === 'critical').map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
  });
  return found;
}

test('the page waits behind grey bars in a busy page, then shows the form and empty lists that say what to do', async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const downloads = /\/api\/plugins\/youtube\/downloads$/;
  await page.route(downloads, async (route) => { await gate; await route.continue().catch(() => {}); });
  try {
    await page.goto(`${p.t.url}/#/p/youtube/`);
    await page.locator('mn-youtube-page mn-skeleton').first().waitFor({ timeout: 15_000 });
    assert.is(await page.locator('mn-plugin-page').getAttribute('aria-busy'), 'true', 'the page is busy while it waits');
    assert.is(await page.locator('mn-youtube-page mn-skeleton').first().getAttribute('aria-hidden'), 'true', 'the bars are not read out');
    assert.not.match((await page.locator('mn-youtube-page').textContent()) ?? '', /Loading/);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      assert.equal(await axe(), [], `axe on the waiting page (${scheme})`);
      for (const [width, label] of [[1280, 'desktop'], [390, 'phone']] as const) {
        await page.setViewportSize({ width, height: 900 });
        await page.screenshot({ path: join(shots, `youtube-page-loading-${label}-${scheme}.png`), fullPage: true });
      }
    }
  } finally {
    release();
    await page.unroute(downloads);
    await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
    await page.setViewportSize({ width: 1280, height: 900 });
  }
  await page.locator('mn-youtube-page form').waitFor({ timeout: 15_000 });
  assert.is(await page.locator('mn-plugin-page').getAttribute('aria-busy'), 'false', 'not busy once the page is shown');
  assert.is(await page.locator('mn-youtube-page mn-skeleton').count(), 0);
  assert.equal(await page.locator('mn-youtube-page .empty').allTextContents(), ['Nothing waiting. Paste a link above.', 'Finished downloads show up here.']);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    assert.equal(await axe(), [], `axe on the empty page (${scheme})`);
    await page.screenshot({ path: join(shots, `youtube-page-empty-${scheme}.png`), fullPage: true });
  }
  await page.emulateMedia({ colorScheme: 'light' });
});

test('paste a link: it queues, the bar moves with percent and speed, then it is done in the history', async () => {
  media.slowRate = 200 * 1024;
  await page.goto(`${p.t.url}/#/p/youtube/`);
  const form = page.locator('mn-youtube-page form');
  await form.waitFor({ timeout: 15_000 });
  await page.getByRole('textbox', { name: 'Link' }).fill(media.page('/browser', '<html><head><title>Garden tour</title></head><body><video src="/slow/big.mp4"></video></body></html>'));
  await page.getByRole('combobox', { name: 'Quality' }).selectOption('720p');
  await page.getByRole('button', { name: 'Download' }).click();
  await page.getByText('Added to your queue').waitFor({ timeout: 10_000 });
  await page.getByText('4 of 5 links left this hour').waitFor({ timeout: 10_000 });
  assert.is(await page.getByRole('textbox', { name: 'Link' }).inputValue(), '', 'the field is emptied for the next link');
  assert.is(await page.locator('mn-youtube-page [role=alert]').count(), 0, 'no error is shown');
  const bar = page.locator('mn-youtube-page mn-youtube-item [role=progressbar]');
  await bar.waitFor({ timeout: 40_000 });
  const seen = new Set<string>();
  const until = Date.now() + 30_000;
  while (Date.now() < until && seen.size < 3) {
    const v = await bar.getAttribute('aria-valuenow').catch(() => null);
    if (v) seen.add(v);
    await page.waitForTimeout(150);
  }
  assert.ok(seen.size >= 3, `the bar moved: ${[...seen].join(', ')}`);
  const figures = await page.locator('mn-youtube-page mn-youtube-item .figures').textContent().catch(() => '');
  assert.match(figures ?? '', /\d+(\.\d)?%/);
  await page.screenshot({ path: join(shots, 'youtube-page-desktop-light.png'), fullPage: true });
  await page.locator('mn-youtube-page section[aria-labelledby=history] mn-youtube-item .top[data-status=done]').waitFor({ timeout: 60_000 });
  assert.match((await page.locator('mn-youtube-page section[aria-labelledby=history] .title').first().textContent()) ?? '', /Garden tour/);
  assert.match((await page.locator('mn-youtube-page section[aria-labelledby=history] .file').first().textContent()) ?? '', /Garden tour \(1\) \[browser-1\]\.mp4$/);
  assert.equal(await axe(), []);
});

test('a refused link is explained next to the field', async () => {
  await page.getByRole('textbox', { name: 'Link' }).fill('ftp://files.example/x');
  await page.getByRole('button', { name: 'Download' }).click();
  const problem = page.locator('mn-youtube-page #url-problem');
  await page.waitForFunction(() => (document.querySelector('mn-app')?.shadowRoot ?? document).textContent !== null);
  await problem.getByText('Only web links').waitFor({ timeout: 10_000 });
  assert.is(await page.locator('mn-youtube-page input[name=url]').getAttribute('aria-invalid'), 'true');
});

test('on a phone and in dark mode nothing is wider than the screen; the dashboard widget shows the last download', async () => {
  await page.setViewportSize({ width: 375, height: 900 });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(`${p.t.url}/#/p/youtube/`);
    await page.locator('mn-youtube-page section[aria-labelledby=history] mn-youtube-item').first().waitFor({ timeout: 15_000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than a phone (${scheme})`);
    await page.screenshot({ path: join(shots, `youtube-page-phone-${scheme}.png`), fullPage: true });
    assert.equal(await axe(), [], scheme);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(shots, 'youtube-page-desktop-dark.png'), fullPage: true });
  await page.goto(`${p.t.url}/`);
  const widget = page.locator('mn-youtube-active');
  await widget.getByText(/Last: Garden tour/).waitFor({ timeout: 15_000 });
  await page.screenshot({ path: join(shots, 'youtube-widget-desktop-dark.png'), fullPage: true });
  assert.equal(await axe(), []);
  assert.equal(problems, []);
});

test.run();
