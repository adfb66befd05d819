// The Apps tiles, the search box and the arranged board in Debian's headless Chromium.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startTestCore, type TestCore } from '@medianest/sdk/testing';

const pluginDir = fileURLToPath(new URL('../..', import.meta.url));
const filmsDir = fileURLToPath(new URL('../../../../core/test-fixtures/plugins/search-films', import.meta.url));
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPj/HwADAgH/eL9GtQAAAABJRU5ErkJggg==', 'base64');

let t: TestCore;
let target: Server;
let targetUrl: string;
let profile: string;
let browser: BrowserContext;
const problems: string[] = [];

async function signedInPage(ctx: BrowserContext, role: 'admin' | 'user', user: { id: string; name: string }): Promise<Page> {
  const [name, value] = (await t.sessionCookie(role, user)).split(';')[0]!.split('=') as [string, string];
  await ctx.clearCookies();
  await ctx.addCookies([{ name, value, url: t.url }]);
  const page = await ctx.newPage();
  page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page: ${e.message}`));
  await page.setViewportSize({ width: 1280, height: 900 });
  return page;
}

async function axe(page: Page, what: string) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => (window as any).axe.run(document, { resultTypes: ['violations'] }));
  const serious = result.violations.filter((v: any) => v.impact === 'serious' || v.impact === 'critical');
  assert.equal(serious.map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`), [], `axe on ${what}`);
}

/** Desktop and phone, light and dark, for looking at. */
async function shots(page: Page, name: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [w, label] of [[1280, 'desktop'], [375, 'phone']] as const) {
      await page.setViewportSize({ width: w, height: 900 });
      await page.waitForTimeout(150);
      await page.screenshot({ path: `/tmp/mn-links-${name}-${label}-${scheme}.png`, fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 900 });
}

const test = suite('apps, search and boards in Chromium');

test.before(async () => {
  target = createServer((_, res) => res.end('ok'));
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', () => r()));
  targetUrl = `http://127.0.0.1:${(target.address() as { port: number }).port}/`;
  t = await startTestCore({ setUp: true, plugins: { links: { path: pluginDir, config: { checkInterval: '1s', checkTimeout: '1s', webSearch: 'none' } }, 'search-films': { path: filmsDir } } });
  profile = await mkdtemp(join(tmpdir(), 'medianest-chromium-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
test.after(async () => {
  await browser?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
  await t?.stop();
  target?.closeAllConnections();
  target?.close();
});

/** axe-core in light and in dark. */
async function axeBoth(page: Page, what: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await axe(page, `${what} (${scheme})`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('with no tiles yet the Apps widget waits behind tile skeletons, then gives admins "Add your first app" and tells members an admin can add apps', async () => {
  const tiles = /\/api\/plugins\/links\/tiles$/;
  const admin = await signedInPage(browser, 'admin', { id: 'ada', name: 'Ada' });
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  await admin.route(tiles, async (route) => { await gate; await route.continue().catch(() => {}); });
  await admin.goto(t.url + '/#/');
  const card = admin.locator('mn-widget-card section.card', { has: admin.locator('mn-links-tiles') });
  await admin.locator('mn-links-tiles mn-skeleton[kind="tiles"]').waitFor({ timeout: 10_000 });
  assert.is(await card.getAttribute('aria-busy'), 'true', 'the card is busy while the tiles come');
  await axeBoth(admin, 'the Apps widget loading');
  await shots(admin, 'loading');
  release();
  await admin.unroute(tiles);
  const empty = admin.locator('mn-links-tiles [data-empty="apps"]');
  await empty.waitFor({ timeout: 5000 });
  assert.is(await empty.getByRole('link', { name: 'Add your first app' }).getAttribute('href'), '#/p/links/manage');
  assert.is(await card.getAttribute('aria-busy'), 'false');
  await axeBoth(admin, 'the empty Apps widget of an admin');
  await shots(admin, 'empty-admin');
  await admin.close();

  const member = await signedInPage(browser, 'user', { id: 'uma', name: 'Uma' });
  const words = member.locator('mn-links-tiles [data-empty="apps"]');
  await member.goto(t.url + '/#/');
  await words.waitFor({ timeout: 10_000 });
  assert.is((await words.textContent())?.trim(), 'Nothing here yet — an admin can add apps.');
  assert.is(await words.getByRole('link').count(), 0, 'no admin action for members');
  await axeBoth(member, 'the empty Apps widget of a member');
  await shots(member, 'empty-member');
  await member.close();
});

test('an admin adds a tile with a brand icon and one with an uploaded image from the Apps page', async () => {
  const page = await signedInPage(browser, 'admin', { id: 'ada', name: 'Ada' });
  await page.goto(t.url + '/#/p/links/manage');
  const form = page.locator('mn-links-manage form');
  await form.getByLabel('Name', { exact: true }).fill('Plex');
  await form.getByLabel('Address', { exact: true }).fill(targetUrl);
  await form.getByLabel('Group').fill('Media');
  await form.getByLabel('Brand name').fill('plex');
  await page.locator('mn-links-manage').getByRole('button', { name: 'Plex', exact: true }).click();
  await form.getByRole('button', { name: 'Add tile' }).click();
  await page.locator('mn-links-manage tr', { hasText: 'Plex' }).waitFor({ timeout: 5000 });

  await form.getByLabel('Name', { exact: true }).fill('Blocky');
  await form.getByLabel('Address', { exact: true }).fill('http://127.0.0.1:1/');
  await form.getByLabel('Group').fill('Network');
  await form.locator('input[name="image"]').setInputFiles({ name: 'router.png', mimeType: 'image/png', buffer: PNG });
  await page.locator('mn-links-manage form .icon img').waitFor({ timeout: 5000 });
  await form.getByRole('button', { name: 'Add tile' }).click();
  await page.locator('mn-links-manage tr', { hasText: 'Blocky' }).waitFor({ timeout: 5000 });

  const bad = page.locator('mn-links-manage form');
  await bad.getByLabel('Name', { exact: true }).fill('Broken');
  await bad.getByLabel('Address', { exact: true }).fill('http://x.home');
  await bad.getByLabel('Brand name').fill('zzzz-no-brand');
  await bad.getByRole('button', { name: 'Add tile' }).click();
  await page.locator('mn-links-manage #icon-error').waitFor({ timeout: 5000 });
  assert.match((await page.locator('mn-links-manage #icon-error').textContent()) ?? '', /No brand icon is called/);
  await axe(page, 'the Apps page');
  await shots(page, 'manage');

  await page.goto(t.url + '/#/');
  const plex = page.locator('mn-links-tiles a.tile', { hasText: 'Plex' });
  await plex.waitFor({ timeout: 5000 });
  assert.match((await plex.locator('img').getAttribute('src')) ?? '', /icons\/plex\.svg/);
  const blocky = page.locator('mn-links-tiles a.tile', { hasText: 'Blocky' });
  assert.match((await blocky.locator('img').getAttribute('src')) ?? '', /\/images\//);
  assert.ok(await blocky.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 1), 'the uploaded image loads');
  await page.close();
});

test('the status dot is green while the app answers and turns red, with the reason for admins, when it stops', async () => {
  const page = await signedInPage(browser, 'admin', { id: 'ada', name: 'Ada' });
  await page.goto(t.url + '/#/');
  const dot = page.locator('mn-links-tiles a.tile', { hasText: 'Plex' }).locator('.dot');
  await page.waitForFunction(() => {
    const d = document.querySelector('mn-app')?.shadowRoot?.querySelector('mn-dashboard')?.shadowRoot?.querySelector('mn-widget-card[data-widget="links/mn-links-tiles"]')?.shadowRoot?.querySelector('mn-links-tiles')?.shadowRoot?.querySelector('a.tile .dot');
    return d?.getAttribute('data-state') === 'up';
  }, undefined, { timeout: 8000 });
  target.closeAllConnections();
  await new Promise((r) => target.close(r));
  await dot.and(page.locator('[data-state="down"]')).waitFor({ timeout: 10_000 });
  let title = '';
  for (let i = 0; i < 30 && !/connection refused/.test(title); i++) {
    title = (await dot.getAttribute('title')) ?? '';
    if (!/connection refused/.test(title)) await page.waitForTimeout(100);
  }
  assert.match(title, /^Down: connection refused/, 'admins see why on hover');
  assert.match((await dot.textContent()) ?? '', /Down/, 'the state is a word too, not only a colour');
  await shots(page, 'dashboard');
  await axe(page, 'the dashboard');
  await page.close();
});

test("Homepage's services.yaml pasted on the Apps page brings its groups, names, links and icons", async () => {
  const page = await signedInPage(browser, 'admin', { id: 'ada', name: 'Ada' });
  await page.goto(t.url + '/#/p/links/manage');
  const yaml = '- Media:\n    - Jellyfin:\n        href: http://jellyfin.home:8096\n        icon: jellyfin.png\n        description: Films and shows\n- Home:\n    - Home Assistant:\n        href: http://ha.home:8123\n        icon: home-assistant.png\n';
  await page.locator('mn-links-manage textarea').fill(yaml);
  await page.locator('mn-links-manage').getByRole('button', { name: 'Preview' }).click();
  await page.locator('mn-links-manage [role="status"]', { hasText: '2 tiles would come across' }).waitFor({ timeout: 5000 });
  await page.locator('mn-links-manage').getByRole('button', { name: 'Import', exact: true }).click();
  await page.locator('mn-links-manage [role="status"]', { hasText: 'Imported 2 tiles' }).waitFor({ timeout: 5000 });
  await page.goto(t.url + '/#/');
  const ha = page.locator('mn-links-tiles section[aria-label="Home"] a.tile', { hasText: 'Home Assistant' });
  await ha.waitFor({ timeout: 5000 });
  assert.match((await ha.locator('img').getAttribute('src')) ?? '', /homeassistant\.svg/);
  await page.close();
});

test('the search box finds apps and films with the keyboard: / focuses, arrows choose, Enter opens', async () => {
  const page = await signedInPage(browser, 'user', { id: 'uma', name: 'Uma' });
  await page.goto(t.url + '/#/');
  await page.locator('mn-links-tiles a.tile').first().waitFor({ timeout: 5000 });
  await page.keyboard.press('/');
  await page.keyboard.type('bl');
  const box = page.locator('mn-dashboard mn-search input');
  const listbox = page.locator('mn-dashboard mn-search [role="listbox"]');
  await listbox.locator('[role="option"]', { hasText: 'Blade Runner' }).waitFor({ timeout: 5000 });
  assert.equal(await listbox.locator('[role="group"] .group-title').allTextContents(), ['Apps', 'Films']);
  assert.is(await box.getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('ArrowDown');
  assert.match((await listbox.locator('[aria-selected="true"]').textContent()) ?? '', /Blocky/);
  await page.keyboard.press('ArrowDown');
  const active = await box.getAttribute('aria-activedescendant');
  assert.match((await listbox.locator(`#${active}`).textContent()) ?? '', /Blade Runner/);
  await axe(page, 'the open search box');
  await page.screenshot({ path: '/tmp/mn-links-search-desktop-light.png' });
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.hash === '#/p/search-films/0', undefined, { timeout: 3000 });
  await page.close();
});

const cardX = (page: Page, id: string) => page.locator(`mn-dashboard mn-widget-card[data-widget="${id}"]`).evaluate((el) => (el as HTMLElement).style.getPropertyValue('--x').trim());

test('a widget moved with the keyboard stays there after a reload and in another browser of the same person, not for others', async () => {
  const page = await signedInPage(browser, 'user', { id: 'uma', name: 'Uma' });
  await page.goto(t.url + '/#/');
  await page.locator('mn-dashboard mn-widget-card[data-widget="search-films/mn-search-films-list"]').waitFor({ timeout: 5000 });
  const before = await cardX(page, 'search-films/mn-search-films-list');
  await page.getByRole('button', { name: 'Arrange the dashboard' }).click();
  const handle = page.getByRole('button', { name: 'Move or resize Films' });
  await handle.waitFor({ timeout: 5000 });
  await axe(page, 'the board while arranging');
  await page.screenshot({ path: '/tmp/mn-links-arrange-desktop-light.png', fullPage: true });
  // Saves are held back a moment, as on a busy server: the one the pause below starts is still on its
  // way when Done is pressed and the page reloaded, and must land all the same.
  let holdReads = false;
  await page.route('**/api/board', async (route) => {
    if (route.request().method() === 'PUT' || holdReads) await new Promise((r) => setTimeout(r, 800));
    await route.continue().catch(() => {}); // a request its page abandoned cannot be continued
  });
  await handle.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await page.getByRole('button', { name: 'Hide Apps' }).click();
  await page.waitForTimeout(600); // past the 400 ms the board waits before it saves
  await page.getByRole('button', { name: 'Done' }).click();
  await page.locator('mn-dashboard .grid').waitFor({ timeout: 5000 });
  let after = '';
  for (let i = 0; i < 50 && !after; i++) {
    after = await cardX(page, 'search-films/mn-search-films-list');
    if (!after) await page.waitForTimeout(100);
  }
  assert.is.not(after, before);
  assert.is(after, '3', 'two columns to the right, from column 1');
  assert.is(await page.locator('mn-dashboard mn-widget-card[data-widget="links/mn-links-tiles"]').count(), 0, 'the hidden widget is gone');
  // The board is slow to answer after the reload: the widget must first appear in its own place, not jump there.
  holdReads = true;
  await page.reload();
  await page.locator('mn-dashboard mn-widget-card[data-widget="search-films/mn-search-films-list"]').waitFor({ timeout: 5000 });
  assert.is(await cardX(page, 'search-films/mn-search-films-list'), after, 'after a reload, from the first moment it shows');
  await page.close();

  // Another browser of the same person (a new session), then a second person.
  const other = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  try {
    const ctx = await other.newContext();
    const same = await signedInPage(ctx, 'user', { id: 'uma', name: 'Uma' });
    await same.goto(t.url + '/#/');
    await same.locator('mn-dashboard mn-widget-card[data-widget="search-films/mn-search-films-list"]').waitFor({ timeout: 5000 });
    assert.is(await cardX(same, 'search-films/mn-search-films-list'), after, 'in another browser of the same person');
    assert.is(await same.locator('mn-dashboard mn-widget-card[data-widget="links/mn-links-tiles"]').count(), 0);
    await same.close();
    const bob = await signedInPage(ctx, 'user', { id: 'bob', name: 'Bob' });
    await bob.goto(t.url + '/#/');
    await bob.locator('mn-dashboard mn-widget-card[data-widget="links/mn-links-tiles"]').waitFor({ timeout: 5000 });
    assert.is(await cardX(bob, 'search-films/mn-search-films-list'), before, 'a second person is unaffected');
    await bob.setViewportSize({ width: 375, height: 900 });
    const overflow = await bob.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.is(overflow, 0, 'one column on a phone');
    await bob.close();
  } finally {
    await other.close();
  }
});

test('a widget whose plugin is disabled leaves no hole', async () => {
  await t.writePlugins({ links: { path: pluginDir, config: { checkInterval: '1s', checkTimeout: '1s', webSearch: 'none' } }, 'search-films': { path: filmsDir, enabled: false } });
  const page = await signedInPage(browser, 'user', { id: 'uma', name: 'Uma' });
  await page.goto(t.url + '/#/');
  await page.locator('mn-dashboard').getByRole('button', { name: 'Arrange the dashboard' }).waitFor({ timeout: 5000 });
  await page.waitForTimeout(300);
  assert.is(await page.locator('mn-dashboard mn-widget-card[data-widget="search-films/mn-search-films-list"]').count(), 0);
  const rows = await page.locator('mn-dashboard mn-widget-card').evaluateAll((els) => els.map((el) => (el as HTMLElement).style.getPropertyValue('--y').trim()));
  assert.ok(rows.every((y) => y === '1'), `every remaining widget moved up to the first row: ${rows.join(', ')}`);
  await page.close();
});

test('no console errors or CSP violations on the way', () => {
  assert.equal(problems, []);
});

test.run();
