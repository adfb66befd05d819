import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestCore, type TestCore } from '@medianest/sdk/testing';

// The widget on the real portal's dashboard in Debian's headless Chromium: grey bars in a busy card
// while its first sample comes (held in the browser), then the machine's name in the same place.
// A sample an hour, so no live one arrives while the first is held.
const pluginDir = fileURLToPath(new URL('../..', import.meta.url));
const shots = process.env.SCREENSHOT_DIR ?? tmpdir();
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const test = suite<{ t: TestCore; browser: Browser; page: Page; problems: string[] }>('sysinfo widget in headless Chromium');

test.before(async (ctx) => {
  ctx.t = await startTestCore({ setUp: true, plugins: { sysinfo: { path: pluginDir, config: { interval: '1h', keep: 3 } } } });
  ctx.browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const [name, value] = (await ctx.t.sessionCookie('user')).split(';')[0]!.split('=') as [string, string];
  await context.addCookies([{ name, value, url: ctx.t.url }]);
  ctx.page = await context.newPage();
  ctx.problems = [];
  ctx.page.on('pageerror', (e) => ctx.problems.push(`page: ${e.message}`));
});
test.after(async (ctx) => {
  await ctx.browser?.close();
  await ctx.t?.stop();
});

/** Serious and critical accessibility violations axe-core finds. */
async function axe(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const r = await page.evaluate(async () => (window as any).axe.run(document, { resultTypes: ['violations'] }));
  return (r.violations as any[]).filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
}

test('grey bars in a busy card while the first sample comes, then the machine in the same place', async ({ t, page, problems }) => {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const now = /\/api\/plugins\/sysinfo\/now$/;
  await page.route(now, async (route) => { await gate; await route.continue().catch(() => {}); });
  const card = page.locator('mn-widget-card section.card', { has: page.locator('mn-sysinfo-load') });
  try {
    await page.goto(`${t.url}/#/`);
    await page.locator('mn-sysinfo-load mn-skeleton').waitFor({ timeout: 15_000 });
    assert.is(await card.getAttribute('aria-busy'), 'true', 'the card is busy while it waits');
    assert.is(await page.locator('mn-sysinfo-load mn-skeleton').getAttribute('aria-hidden'), 'true', 'the bars are not read out');
    assert.not.match((await page.locator('mn-sysinfo-load').textContent()) ?? '', /Loading/);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      assert.equal(await axe(page), [], `axe on the waiting widget (${scheme})`);
      for (const [width, label] of [[1280, 'desktop'], [390, 'phone']] as const) {
        await page.setViewportSize({ width, height: 900 });
        await page.screenshot({ path: join(shots, `sysinfo-loading-${label}-${scheme}.png`), fullPage: true });
      }
    }
  } finally {
    release();
    await page.unroute(now);
    await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
    await page.setViewportSize({ width: 1280, height: 900 });
  }
  const host = page.locator('mn-sysinfo-load .host');
  await host.waitFor({ timeout: 10_000 });
  assert.is(await host.textContent(), hostname());
  assert.is(await card.getAttribute('aria-busy'), 'false', 'not busy once the sample is shown');
  assert.is(await page.locator('mn-sysinfo-load mn-skeleton').count(), 0);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    assert.equal(await axe(page), [], `axe on the widget (${scheme})`);
    await page.screenshot({ path: join(shots, `sysinfo-widget-${scheme}.png`), fullPage: true });
  }
  assert.equal(problems, []);
});

test.run();
