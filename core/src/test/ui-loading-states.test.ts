import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdir } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { startTestCore, type TestCore } from '../testing.js';
import { launchChromium } from './support/browser.js';
import { fixturePlugin } from './support/fixtures.js';
import { axeProblems } from './support/axe.js';

// Loading and empty states of the portal shell in headless Chromium: skeletons in aria-busy regions
// while answers are slow (a fixture widget whose route waits for the test; admin lists held in the
// browser until the test lets the real answer through), then the content in the same place; empty
// lists that say what to do next; a widget whose service is down says so in household words.
const SHOTS = '/tmp/mn-shots';
const PASSWORD = 'correct horse battery';
const test = suite<{ t: TestCore; browser: BrowserContext; close(): Promise<void>; page: Page; admin: string; problems: string[] }>('loading and empty states in headless Chromium');

const plugins = (slowWidget: boolean) => ({
  'slow-widget': { enabled: slowWidget, path: fixturePlugin('slow-widget') },
  'search-slow': { path: fixturePlugin('search-slow') },
});

/** The session cookie of a real account, signed in through the API. */
async function signIn(t: TestCore, username: string): Promise<string> {
  const res = await t.request('/api/auth/login', { method: 'POST', json: { username, password: PASSWORD } });
  assert.is(res.status, 200, `sign-in of ${username}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

async function withCookie(browser: BrowserContext, t: TestCore, cookie: string): Promise<{ page: Page; done(): Promise<void> }> {
  const context = await browser.browser()!.newContext();
  const [name, value] = cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: t.url }]);
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  return { page, done: () => context.close() };
}

/** Holds the browser's requests matching `pattern` until the returned function is called; then the real answer goes through. */
async function hold(page: Page, pattern: RegExp): Promise<() => Promise<void>> {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  await page.route(pattern, async (route) => {
    await gate;
    await route.continue().catch(() => {});
  });
  return async () => {
    release();
    await page.unroute(pattern);
  };
}

/** axe-core in light and dark, then screenshots at 1280 and 390 in both, for looking at. */
async function check(page: Page, name: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    assert.equal(await axeProblems(page), [], `axe on ${name} (${scheme})`);
    for (const [width, label] of [[1280, 'desktop'], [390, 'phone']] as const) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(100);
      await page.screenshot({ path: `${SHOTS}/states-${name}-${label}-${scheme}.png`, fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** The WCAG contrast ratio of two CSS rgb() colours (1 to 21). */
function contrast(a: string, b: string): number {
  const lum = (css: string) => {
    const [r, g, bl] = css.match(/[\d.]+/g)!.slice(0, 3).map((v) => Number(v) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const card = (page: Page, title: string) => page.locator('mn-widget-card section.card', { has: page.getByRole('heading', { name: title, exact: true }) });

test.before(async (ctx) => {
  await mkdir(SHOTS, { recursive: true });
  ctx.t = await startTestCore({ plugins: plugins(true) });
  const code = (await ctx.t.core.redis.get(`${ctx.t.redisPrefix}setup:code`))!;
  const setup = await ctx.t.request('/api/setup', { method: 'POST', json: { code, username: 'ada', password: PASSWORD, displayName: 'Ada' } });
  assert.is(setup.status, 201);
  ctx.admin = await signIn(ctx.t, 'ada');
  const { browser, close } = await launchChromium();
  ctx.browser = browser;
  ctx.close = close;
  const { page } = await withCookie(browser, ctx.t, ctx.admin);
  ctx.page = page;
  ctx.problems = [];
  page.on('pageerror', (e) => ctx.problems.push(`page: ${e.stack}`));
  page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) ctx.problems.push(`console: ${m.text()}`); });
});
test.after(async (ctx) => {
  await ctx.close?.();
  await ctx.t?.stop();
});

test('a widget waiting for its data shows a skeleton in an aria-busy card, then its items in the same place', async ({ t, page }) => {
  assert.is((await t.request('/api/plugins/slow-widget/hold', { method: 'POST' })).status, 200);
  let before: { width: number; height: number } | null = null;
  try {
    await page.goto(t.url + '/');
    const pantry = card(page, 'Pantry');
    await pantry.locator('mn-slow-widget-items mn-skeleton').waitFor({ timeout: 10_000 });
    assert.is(await pantry.getAttribute('aria-busy'), 'true');
    assert.is(await pantry.locator('mn-skeleton').first().getAttribute('aria-hidden'), 'true', 'the placeholder is not read out');
    // Still held after a while: the skeleton stays, no empty box and no "nothing to show".
    await page.waitForTimeout(1800);
    assert.is(await pantry.locator('[data-empty-widget]').count(), 0);
    // The bars shimmer, but stand still when the device asks for less motion, and stand out from the card in light and dark.
    const bar = pantry.locator('mn-skeleton .bar').first();
    assert.is(await bar.evaluate((el) => getComputedStyle(el).animationName), 'shimmer');
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      assert.is(await bar.evaluate((el) => getComputedStyle(el).animationName), 'none', `still under reduced motion (${scheme})`);
      const [barColour, cardColour] = [await bar.evaluate((el) => getComputedStyle(el).backgroundColor), await pantry.evaluate((el) => getComputedStyle(el).backgroundColor)];
      assert.ok(contrast(barColour, cardColour) > 1.2, `the bars show on the card in ${scheme}: ${barColour} on ${cardColour}`);
    }
    await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
    await check(page, 'widget-loading');
    before = await pantry.boundingBox();
    await page.waitForTimeout(200);
    assert.is(await pantry.getAttribute('aria-busy'), 'true', 'still waiting after the screenshots');
  } finally {
    await t.request('/api/plugins/slow-widget/open', { method: 'POST' });
  }
  const pantry = card(page, 'Pantry');
  await pantry.getByText('Bread').waitFor({ timeout: 5000 });
  assert.is(await pantry.getAttribute('aria-busy'), 'false');
  assert.is(await pantry.locator('mn-skeleton').count(), 0);
  const after = await pantry.boundingBox();
  assert.equal([after!.width, after!.height], [before!.width, before!.height], 'the card keeps its size when the items arrive');
});

test('the first-run guide after claiming says "Connect your first service" and opens a plugin\'s settings', async ({ t, page }) => {
  await page.goto(t.url + '/');
  await page.getByRole('heading', { name: 'Connect your first service' }).waitFor({ timeout: 5000 });
  const item = page.locator('mn-first-run li', { hasText: 'Slow widget fixture' });
  await item.waitFor({ timeout: 5000 });
  assert.match((await item.textContent()) ?? '', /running/);
  await check(page, 'first-run');
  await item.getByRole('link').click();
  await page.locator('mn-admin-plugins li[data-plugin="slow-widget"] mn-plugin-settings').waitFor({ timeout: 5000 });
  assert.match(page.url(), /#\/admin\/plugins\?open=slow-widget$/);
});

test('a widget whose service is down says so in household words to members, and the cause and the way to settings to admins', async ({ t, browser, page, admin }) => {
  await t.request('/api/plugins/slow-widget/down', { method: 'POST', json: { down: true } });
  await t.waitFor(async () => (await t.request('/api/status', { cookie: admin })).body.plugins?.find((p: any) => p.id === 'slow-widget')?.condition === 'degraded', 8000, 'the fixture to be degraded');
  await page.goto(t.url + '/');
  const said = card(page, 'Pantry').locator('[data-empty-widget]');
  await said.waitFor({ timeout: 10_000 });
  assert.is((await said.textContent())?.trim(), "The pantry list isn't available right now");
  const detail = card(page, 'Pantry').locator('.detail');
  assert.match((await detail.textContent()) ?? '', /cannot reach the pantry list/);
  assert.is(await detail.getByRole('link', { name: 'Open its settings' }).getAttribute('href'), '#/admin/plugins/slow-widget');
  // The first-run guide is not greener than the truth either.
  await page.locator('mn-first-run li', { hasText: 'Slow widget fixture' }).getByText('running, but cannot reach the pantry list').waitFor({ timeout: 5000 });
  await check(page, 'widget-down-admin');

  const member = await t.request('/api/admin/users', { method: 'POST', cookie: await signIn(t, 'ada'), json: { username: 'uma', password: PASSWORD, role: 'user' } });
  assert.is(member.status, 201);
  const uma = await withCookie(browser, t, await signIn(t, 'uma'));
  try {
    await uma.page.goto(t.url + '/');
    const words = card(uma.page, 'Pantry').locator('[data-empty-widget]');
    await words.waitFor({ timeout: 10_000 });
    assert.is((await words.textContent())?.trim(), "The pantry list isn't available right now");
    assert.is(await card(uma.page, 'Pantry').locator('.detail').count(), 0, 'members see no cause');
    const text = (await card(uma.page, 'Pantry').textContent()) ?? '';
    assert.not.match(text, /pantry\.invalid|refused|cannot reach/);
    await check(uma.page, 'widget-down-member');
  } finally {
    await uma.done();
    await t.request('/api/plugins/slow-widget/down', { method: 'POST', json: { down: false } });
  }
});

test('admin lists wait behind skeletons in aria-busy regions, then show the real answer', async ({ t, page }) => {
  const lists: Array<[string, RegExp, string, string]> = [
    ['#/admin/plugins', /\/api\/admin\/plugins$/, 'mn-admin-plugins', 'mn-admin-plugins li[data-plugin="slow-widget"]'],
    ['#/admin/users', /\/api\/admin\/users$/, 'mn-admin-users', 'mn-admin-users li[data-user="ada"]'],
    ['#/admin/sessions', /\/api\/admin\/sessions$/, 'mn-admin-sessions', 'mn-admin-sessions [data-session]'],
    ['#/admin/audit', /\/api\/admin\/audit\?/, 'mn-admin-audit', 'mn-admin-audit li[data-action]'],
    ['#/admin/access', /\/api\/admin\/auth-providers$/, 'mn-admin-access', 'mn-admin-access [data-empty="providers"]'],
    ['#/', /\/api\/ui\/manifest$/, 'mn-dashboard', 'mn-widget-card li'],
  ];
  for (const [route, pattern, host, content] of lists) {
    const release = await hold(page, pattern);
    try {
      await page.goto(`${t.url}/${route}`);
      const busy = page.locator(`${host} [aria-busy="true"]`).first();
      await busy.waitFor({ timeout: 5000 });
      assert.ok(await busy.locator('mn-skeleton').count(), `${route}: a skeleton in the busy region`);
      if (route === '#/admin/users') await check(page, 'users-loading');
    } finally {
      await release();
    }
    await page.locator(content).first().waitFor({ timeout: 5000 });
    await t.waitFor(async () => (await page.locator(`${host} [aria-busy="true"]`).count()) === 0, 3000, `${route}: nothing busy once loaded`);
  }
  const none = (await page.goto(`${t.url}/#/admin/access`), page.locator('mn-admin-access [data-empty="providers"]'));
  await none.waitFor({ timeout: 5000 });
  assert.is(await none.getByRole('link', { name: 'set one up under Plugins' }).getAttribute('href'), '#/admin/plugins');
  await check(page, 'access-empty');
});

test('no plugins at all: the Plugins page and the first-run guide say how to add the first one', async ({ t, page }) => {
  await t.writePlugins({});
  try {
    await t.waitFor(async () => (await t.request('/api/admin/plugins', { cookie: await signIn(t, 'ada') })).body.plugins.length === 0, 8000, 'the plugins to leave');
    await page.goto(`${t.url}/#/admin/plugins`);
    const empty = page.locator('mn-admin-plugins [data-empty="plugins"]');
    await empty.waitFor({ timeout: 5000 });
    assert.match((await empty.textContent()) ?? '', /No plugins are listed yet\.\s+Add your first service to .*plugins\.json/s);
    await check(page, 'plugins-empty');
    await page.goto(`${t.url}/#/`);
    await page.evaluate(() => localStorage.removeItem('mn-first-run-done'));
    await page.reload();
    const guide = page.locator('mn-first-run');
    await guide.getByText('No plugins are installed yet').waitFor({ timeout: 5000 });
  } finally {
    await t.writePlugins(plugins(true));
    await t.waitFor(async () => (await t.request('/api/ui/manifest', { cookie: await signIn(t, 'ada') })).body.widgets.length === 1, 8000, 'the widget back');
  }
});

test('the users page with only the admin says "Only you so far" and points to the invites; no open invites says what to do', async ({ t, page }) => {
  const cookie = await signIn(t, 'ada');
  const uma = (await t.request('/api/admin/users', { cookie })).body.users.find((u: any) => u.username === 'uma');
  if (uma) assert.is((await t.request(`/api/admin/users/${uma.id}?confirm=uma`, { method: 'DELETE', cookie })).status, 204);
  await page.goto(`${t.url}/#/admin/users`);
  const only = page.locator('mn-admin-users [data-empty="users"]');
  await only.waitFor({ timeout: 5000 });
  assert.match((await only.textContent()) ?? '', /Only you so far/);
  const invites = page.locator('mn-admin-invites [data-empty="invites"]');
  await invites.waitFor({ timeout: 5000 });
  assert.match((await invites.textContent()) ?? '', /No open invites\. Make a link above/);
  await check(page, 'users-empty');
  await only.getByRole('link', { name: 'Invite your household' }).click();
  await page.waitForFunction(() => {
    const invites = document.querySelector('mn-app')?.shadowRoot?.querySelector('mn-admin-users')?.shadowRoot?.querySelector('mn-admin-invites');
    return invites?.shadowRoot?.activeElement?.tagName === 'SELECT';
  }, undefined, { timeout: 3000 });
});

test('an audit filter that matches nothing says so, and "Show everything" brings the log back', async ({ t, page }) => {
  await page.goto(`${t.url}/#/admin/audit`);
  await page.locator('mn-admin-audit li[data-action]').first().waitFor({ timeout: 5000 });
  await page.locator('mn-admin-audit').getByRole('textbox', { name: 'Who' }).fill('nobody-by-this-name');
  await page.locator('mn-admin-audit').getByRole('button', { name: 'Filter' }).click();
  const empty = page.locator('mn-admin-audit [data-empty="audit-filtered"]');
  await empty.waitFor({ timeout: 5000 });
  assert.match((await empty.textContent()) ?? '', /Nothing matches this filter/);
  await check(page, 'audit-filtered-empty');
  await empty.getByRole('button', { name: 'Show everything' }).click();
  await page.locator('mn-admin-audit li[data-action]').first().waitFor({ timeout: 5000 });
  assert.is(await page.locator('mn-admin-audit').getByRole('textbox', { name: 'Who' }).inputValue(), '');
});

test('the account page: API tokens wait behind a skeleton; none yet says what a token is for and how to make one', async ({ t, page }) => {
  const release = await hold(page, /\/api\/tokens$/);
  try {
    await page.goto(`${t.url}/#/account`);
    await page.locator('mn-account [aria-busy="true"] mn-skeleton').waitFor({ timeout: 5000 });
  } finally {
    await release();
  }
  const empty = page.locator('mn-account [data-empty="tokens"]');
  await empty.waitFor({ timeout: 5000 });
  assert.match((await empty.textContent()) ?? '', /No API tokens yet.*name it above and press Create/s);
  assert.is(await page.locator('mn-account [aria-busy="true"]').count(), 0);
  await check(page, 'account-empty');
  await page.locator('mn-account').getByLabel(/New API token/).fill('backup script');
  await page.locator('mn-account').getByRole('button', { name: 'Create' }).click();
  await page.locator('mn-account [data-token-name="backup script"]').waitFor({ timeout: 5000 });
  assert.is(await empty.count(), 0);
});

test('the account page lists where you are signed in behind a skeleton; signing the other devices out leaves "this device only"', async ({ t, browser, page }) => {
  const other = await withCookie(browser, t, await signIn(t, 'ada'));
  try {
    await other.page.goto(t.url + '/');
    await other.page.getByRole('button', { name: 'Sign out', exact: true }).waitFor({ timeout: 10_000 });
    await page.goto(`${t.url}/#/`);
    const release = await hold(page, /\/api\/me\/sessions$/);
    try {
      await page.goto(`${t.url}/#/account`);
      await page.locator('mn-account-sessions [aria-busy="true"] mn-skeleton').waitFor({ timeout: 5000 });
    } finally {
      await release();
    }
    const rows = page.locator('mn-account-sessions [data-my-session]');
    await rows.first().waitFor({ timeout: 5000 });
    assert.ok((await rows.count()) >= 2, 'this device and the other one');
    assert.is(await page.locator('mn-account-sessions .this').count(), 1, 'one is this device');
    await check(page, 'account-sessions');
    // Every other session of ada's (the suite signed in through the API a few times), each confirmed.
    const ends = page.locator('mn-account-sessions').getByRole('button', { name: /^Sign out .*, signed in/ });
    for (let n = await ends.count(); n > 0; n--) {
      await ends.first().click();
      await page.getByRole('button', { name: 'Sign it out', exact: true }).click();
      await t.waitFor(async () => (await ends.count()) < n, 5000, 'the session to go');
    }
    const only = page.locator('mn-account-sessions [data-empty="my-sessions"]');
    await only.waitFor({ timeout: 5000 });
    assert.match((await only.textContent()) ?? '', /signed in on this device only/);
    await other.page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 10_000 });
    assert.is(await other.page.locator('mn-sign-in .notice').textContent(), 'You ended this session from another device');
    await check(page, 'account-sessions-only-this');
  } finally {
    await other.done();
  }
});

test('what someone types in the search box while the widgets load stays, with the focus, when they arrive', async ({ t, page }) => {
  const release = await hold(page, /\/api\/ui\/manifest/);
  const box = page.locator('mn-dashboard mn-search').getByRole('combobox');
  try {
    await page.goto(`${t.url}/#/`);
    await page.locator('mn-dashboard section[aria-busy="true"]').waitFor({ timeout: 10_000 });
    await box.fill('pant');
  } finally {
    await release();
  }
  await page.locator('mn-dashboard mn-widget-card').first().waitFor({ timeout: 10_000 });
  assert.is(await box.inputValue(), 'pant');
  assert.ok(await box.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el), 'the box keeps the focus');
  await box.fill('');
});

test('search: a skeleton while a slow provider is asked, then the results; nothing found says what to try', async ({ t, page }) => {
  // A fresh page: the same address with only a hash would keep the last test's box and its results.
  await page.goto('about:blank');
  await page.goto(`${t.url}/#/`);
  // The dashboard settled first (its widget shown), so the search is what the test watches.
  await page.locator('mn-dashboard mn-widget-card').first().waitFor({ timeout: 20_000 });
  const box = page.locator('mn-dashboard mn-search');
  // Held in the browser first, so the skeleton is there to see; then the slow provider's own 300 ms.
  const release = await hold(page, /\/api\/search\?/);
  const panel = box.getByRole('listbox');
  try {
    await box.getByRole('combobox').fill('zzqx');
    await panel.locator('[data-searching] mn-skeleton').waitFor({ timeout: 15_000 });
    assert.is(await panel.getAttribute('aria-busy'), 'true');
  } finally {
    await release();
  }
  const none = panel.locator('[data-empty="search"]');
  await none.waitFor({ timeout: 15_000 });
  assert.match((await none.textContent()) ?? '', /Nothing found for “zzqx”\. Check the spelling, or try a shorter word\./);
  assert.is(await panel.getAttribute('aria-busy'), 'false');
  await check(page, 'search-empty');
});

test('a dashboard with no widgets: admins get "Connect your first service", members read that an admin can add apps', async ({ t, browser, page }) => {
  await t.writePlugins(plugins(false));
  await t.waitFor(async () => (await t.request('/api/ui/manifest', { cookie: await signIn(t, 'ada') })).body.widgets.length === 0, 8000, 'the widget to leave');
  try {
    await page.goto(`${t.url}/#/`);
    await page.evaluate(() => localStorage.setItem('mn-first-run-done', '1'));
    await page.reload();
    const empty = page.locator('mn-dashboard [data-empty="dashboard"]');
    await empty.waitFor({ timeout: 5000 });
    assert.is(await empty.getByRole('link', { name: 'Connect your first service' }).getAttribute('href'), '#/admin/plugins');
    await check(page, 'dashboard-empty-admin');

    await t.request('/api/admin/users', { method: 'POST', cookie: await signIn(t, 'ada'), json: { username: 'vic', password: PASSWORD, role: 'user' } });
    const vic = await withCookie(browser, t, await signIn(t, 'vic'));
    try {
      await vic.page.goto(`${t.url}/#/`);
      const words = vic.page.locator('mn-dashboard [data-empty="dashboard"]');
      await words.waitFor({ timeout: 5000 });
      assert.match((await words.textContent()) ?? '', /Nothing here yet — an admin can add apps/);
      assert.is(await words.getByRole('link').count(), 0, 'no admin action for members');
      await check(vic.page, 'dashboard-empty-member');
    } finally {
      await vic.done();
    }
  } finally {
    await t.writePlugins(plugins(true));
  }
});

test('no page errors on the way', ({ problems }) => {
  assert.equal(problems, []);
});

test.run();
