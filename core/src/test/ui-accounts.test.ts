import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { BrowserContext, Page } from 'playwright-core';
import { startTestCore, type TestCore } from '../testing.js';
import { launchChromium } from './support/browser.js';
import { fixturePlugin } from './support/fixtures.js';
import { axeProblems } from './support/axe.js';

// A household's first hour in headless Chromium: a stranger sees only the sign-in page, the admin
// claims the portal, adds and invites people, resets a password; plain words, honest states, lockout.
const SHOTS = '/tmp/mn-shots';
const test = suite<{ t: TestCore; browser: BrowserContext; close(): Promise<void>; page: Page }>('accounts and portal in headless Chromium');
const links: Record<string, string> = {};

test.before(async (ctx) => {
  await mkdir(SHOTS, { recursive: true });
  ctx.t = await startTestCore({
    signInRateLimit: '3/15min',
    plugins: {
      sysinfo: { package: 'medianest-plugin-sysinfo', config: { interval: '5s' } },
      'uptime-kuma': { package: '@medianest/plugin-uptime-kuma', config: { baseUrl: 'http://127.0.0.1:9', statusPages: ['home'], timeout: '1s' } },
      'settings-test': { path: fixturePlugin('settings-test'), config: { address: 'http://127.0.0.1:9/' } },
    },
  });
  const { browser, close } = await launchChromium();
  ctx.browser = browser;
  ctx.close = close;
  ctx.page = await browser.newPage();
  await ctx.page.setViewportSize({ width: 1280, height: 900 });
});
test.after(async (ctx) => {
  await ctx.close?.();
  await ctx.t?.stop();
});

/** A fresh browser context (another person), with no cookies. */
const stranger = async (browser: BrowserContext) => {
  const context = await browser.browser()!.newContext();
  const page = await context.newPage();
  await page.setViewportSize({ width: 375, height: 800 });
  return { context, page };
};
const shadowText = (page: Page) => page.evaluate(() => {
  const walk = (root: Document | ShadowRoot | Element): string =>
    [...root.childNodes].map((n) => (n.nodeType === 3 ? n.textContent : n instanceof Element ? (n.shadowRoot ? walk(n.shadowRoot) : '') + walk(n) : '')).join(' ');
  return walk(document);
});

test('a signed-out visitor sees the sign-in page only: no host name, load or memory', async ({ t, browser }) => {
  // Claimed first through the API so the visitor meets a portal in use, not the setup form.
  const code = (await t.core.redis.get(`${t.redisPrefix}setup:code`))!;
  const setup = await t.request('/api/setup', { method: 'POST', json: { code, username: 'ada', password: 'correct horse battery', displayName: 'Ada' } });
  assert.is(setup.status, 201);
  const { context, page } = await stranger(browser);
  await page.goto(t.url + '/');
  await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 10_000 });
  assert.is(await page.locator('mn-sysinfo-load').count(), 0);
  const text = await shadowText(page);
  assert.not.ok(text.includes(hostname()), 'the host name is not shown');
  assert.not.match(text, /memory|load/i);
  assert.is(await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.shadowRoot?.activeElement?.getAttribute('name')), 'username', 'the first field has the cursor');
  await page.screenshot({ path: `${SHOTS}/sign-in-phone-light.png` });
  await context.close();
});

test('the admin signs in; the first-run guide says "Connect your first service" and lists the plugins', async ({ t, page }) => {
  await page.goto(t.url + '/');
  await page.getByLabel('Username').fill('ada');
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Connect your first service' }).waitFor({ timeout: 10_000 });
  await page.locator('mn-first-run li', { hasText: 'Uptime Kuma' }).waitFor();
  await page.screenshot({ path: `${SHOTS}/dashboard-first-run-desktop-light.png`, fullPage: true });
});

test('a running plugin that cannot reach its service is amber "running — cannot reach Uptime Kuma"', async ({ t, page }) => {
  await page.goto(t.url + '/#/admin/plugins');
  const badge = page.locator('li[data-plugin="uptime-kuma"] mn-status-badge');
  await page.waitForFunction(() => {
    const li = document.querySelector('mn-app')?.shadowRoot?.querySelector('mn-admin-plugins')?.shadowRoot?.querySelector('li[data-plugin="uptime-kuma"]');
    return li?.querySelector('mn-status-badge')?.shadowRoot?.textContent?.includes('cannot reach Uptime Kuma');
  }, undefined, { timeout: 15_000 });
  assert.is(await badge.first().textContent().then(() => badge.first().evaluate((el) => el.shadowRoot!.querySelector('span')!.className)), 'warn long');
  const colour = await badge.first().evaluate((el) => getComputedStyle(el.shadowRoot!.querySelector('span')!).color);
  assert.not.equal(colour, await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--mn-ok')), 'not green');
  await page.getByText('Settings are kept in').waitFor();
  await page.screenshot({ path: `${SHOTS}/admin-plugins-desktop-light.png`, fullPage: true });
});

test('settings messages are plain words next to their fields; "Test connection" runs before saving', async ({ t, page }) => {
  await page.goto(t.url + '/#/admin/plugins');
  await page.getByRole('button', { name: 'Settings of Settings test fixture' }).click();
  const address = page.getByLabel('Server address');
  await address.waitFor();
  await address.fill('uptime.local:3001');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText('Enter an address that starts with http:// or https://').waitFor({ timeout: 5000 });
  const form = await page.locator('mn-plugin-settings').evaluate((el) => el.shadowRoot!.textContent ?? '');
  assert.not.match(form, /pattern|must match|config\./);
  assert.is(await address.getAttribute('aria-invalid'), 'true');
  await address.fill(`${t.url}/api/health`);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await page.getByText('Reached it (200)').waitFor({ timeout: 10_000 });
  await page.screenshot({ path: `${SHOTS}/plugin-settings-desktop-light.png`, fullPage: true });
});

test('the admin adds an account with no display name; a bad username is told what to type', async ({ t, page }) => {
  await page.goto(t.url + '/#/admin/users');
  const form = page.locator('mn-admin-users form.add');
  await form.getByLabel('Username').fill('a b');
  await form.getByLabel('First password').fill('short');
  await page.getByRole('button', { name: 'Add account' }).click();
  await page.getByText('Use letters, digits, dots, dashes or underscores').waitFor({ timeout: 5000 });
  assert.not.match(await page.locator('mn-admin-users').evaluate((el) => el.shadowRoot!.textContent ?? ''), /pattern|must match|body\./);
  await form.getByLabel('Username').fill('uma');
  await form.getByLabel('First password').fill('a long first password');
  await page.getByRole('button', { name: 'Add account' }).click();
  await page.locator('li[data-user="uma"]').waitFor({ timeout: 5000 });
  assert.match((await page.locator('li[data-user="uma"] strong').first().textContent()) ?? '', /^uma$/);
  // Yourself: the buttons that would lock you out are off, and say why.
  const me = page.locator('li[data-user="ada"]');
  assert.ok(await me.getByRole('button', { name: 'Delete ada' }).isDisabled());
  await me.getByText('(you)').waitFor();
  await me.getByText('This is you').waitFor();
  await page.screenshot({ path: `${SHOTS}/admin-users-desktop-light.png`, fullPage: true });
});

test('a reset link from the admin lets the person choose a new password and signs them in', async ({ t, page, browser }) => {
  await page.getByRole('button', { name: 'Reset password of uma' }).click();
  await page.getByRole('button', { name: 'Make a reset link' }).click();
  links.reset = (await page.locator('[data-handover="link"] code').textContent())!;
  assert.match(links.reset, /\/#\/reset\/[A-Za-z0-9_-]{43}$/);
  const { context, page: uma } = await stranger(browser);
  await uma.goto(links.reset);
  await uma.getByText('Choose a new password for').waitFor({ timeout: 10_000 });
  await uma.screenshot({ path: `${SHOTS}/reset-phone-light.png` });
  await uma.getByLabel('Password (at least 10 characters)').fill('uma chose this password');
  await uma.getByLabel('Repeat the password').fill('uma chose this password');
  await uma.getByRole('button', { name: 'Set the new password' }).click();
  await uma.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 10_000 });
  await context.close();
});

test('changing your own password on the account page', async ({ t, browser }) => {
  const { context, page: uma } = await stranger(browser);
  await uma.goto(t.url + '/');
  await uma.getByLabel('Username').fill('uma');
  await uma.getByLabel('Password').fill('uma chose this password');
  await uma.getByRole('button', { name: 'Sign in' }).click();
  await uma.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 10_000 });
  await uma.goto(t.url + '/#/account');
  await uma.getByLabel('Current password').fill('uma chose this password');
  await uma.getByLabel('New password (at least 10 characters)').fill('an even better password');
  await uma.getByLabel('Repeat the new password').fill('an even better password');
  await uma.getByRole('button', { name: 'Change password' }).click();
  await uma.getByText('Password changed.').waitFor({ timeout: 5000 });
  await uma.screenshot({ path: `${SHOTS}/account-phone-light.png`, fullPage: true });
  await context.close();
});

test('an invite link: the invitee picks a username and password and lands on the dashboard', async ({ t, page, browser }) => {
  await page.goto(t.url + '/#/admin/users');
  await page.getByRole('button', { name: 'Make an invite link' }).click();
  links.invite = (await page.locator('[data-invite-link] code').textContent())!;
  const { context, page: zoe } = await stranger(browser);
  await zoe.goto(links.invite);
  await zoe.getByText('You are invited to MediaNest').waitFor({ timeout: 10_000 });
  await zoe.screenshot({ path: `${SHOTS}/invite-phone-light.png` });
  await zoe.getByLabel('Username').fill('zoe');
  await zoe.getByLabel('Password (at least 10 characters)').fill('zoe picked a password');
  await zoe.getByLabel('Repeat the password').fill('zoe picked a password');
  await zoe.getByRole('button', { name: 'Create my account' }).click();
  await zoe.getByRole('heading', { name: 'Dashboard' }).waitFor({ timeout: 10_000 });
  await zoe.goto(links.invite);
  await zoe.getByText('This invite was used already').waitFor({ timeout: 10_000 });
  await context.close();
});

test('wrong passwords lock this account here: the button counts down, disabled', async ({ t, browser }) => {
  const { context, page } = await stranger(browser);
  await page.goto(t.url + '/');
  await page.getByLabel('Username').fill('zoe');
  for (let i = 0; i < 4; i++) {
    await page.getByLabel('Password').fill(`wrong guess ${i}`);
    await page.getByRole('button', { name: /Sign in|Try again/ }).click();
    await page.waitForTimeout(300);
  }
  const button = page.getByRole('button', { name: /Try again in 1[45]:\d\d/ });
  await button.waitFor({ timeout: 5000 });
  assert.ok(await button.isDisabled());
  const first = await button.textContent();
  await page.waitForTimeout(2100);
  assert.not.equal(await button.textContent(), first, 'the countdown ticks');
  await page.getByText('Too many wrong passwords for this account from here').waitFor();
  await context.close();
});

/** The tab's live connection opens again signed out: the header says "live", never "offline", while the server is fine. */
async function liveAgain(page: Page) {
  await page.waitForFunction(() => document.querySelector('mn-app')?.shadowRoot?.querySelector('.dot.on'), undefined, { timeout: 10_000 });
  const who = (await page.locator('mn-app header .who').innerText()).trim();
  assert.match(who, /^live\b/, `the header says: ${who}`);
  assert.not.match(who, /offline/);
  // And it stays so: the core's own close of the old connection (a moment after the reason) does not undo it.
  await page.waitForTimeout(800);
  assert.ok(await page.evaluate(() => !!document.querySelector('mn-app')?.shadowRoot?.querySelector('.dot.on')), 'still live after the old connection closed');
}

/** Uma signed in through the form in a browser of her own, her live connection up. */
async function umaSignedInLive(t: TestCore, browser: BrowserContext) {
  const { context, page: uma } = await stranger(browser);
  await uma.goto(t.url + '/');
  await uma.getByLabel('Username').fill('uma');
  await uma.getByLabel('Password').fill('an even better password');
  await uma.getByRole('button', { name: 'Sign in' }).click();
  await uma.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 10_000 });
  await uma.waitForFunction(() => document.querySelector('mn-app')?.shadowRoot?.querySelector('.dot.on'), undefined, { timeout: 10_000 });
  return { context, page: uma };
}

test('an open tab whose session an admin ended shows the sign-in page with the reason', async ({ t, page, browser }) => {
  const { context, page: uma } = await umaSignedInLive(t, browser);
  await page.goto(t.url + '/#/admin/sessions');
  // Every session of uma's (older ones from earlier steps too), each confirmed in the dialog.
  const ends = page.getByRole('button', { name: /End the session of uma/ });
  await ends.first().waitFor({ timeout: 10_000 });
  for (let n = await ends.count(); n > 0; n--) {
    await ends.first().click();
    await page.getByRole('button', { name: 'End the session', exact: true }).click();
    await page.waitForFunction((left) => {
      const root = document.querySelector('mn-app')?.shadowRoot?.querySelector('mn-admin-sessions')?.shadowRoot;
      return [...(root?.querySelectorAll('button') ?? [])].filter((b) => /End the session of uma/.test(b.getAttribute('aria-label') ?? '')).length < left;
    }, n, { timeout: 10_000 });
  }
  // The reason the core sends reaches the tab before its connection closes (socket-server.ts holds it 250 ms).
  await uma.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 10_000 });
  assert.is(await uma.locator('mn-sign-in .notice').textContent(), 'An admin ended this session');
  assert.is(await uma.getByRole('button', { name: 'Sign out' }).count(), 0, 'the header no longer says signed in');
  await liveAgain(uma);
  await uma.screenshot({ path: `${SHOTS}/session-ended-phone-light.png` });
  await context.close();
});

test("an open tab of an account an admin disables shows the sign-in page with the reason", async ({ t, page, browser }) => {
  const { context, page: uma } = await umaSignedInLive(t, browser);
  await page.goto(t.url + '/#/admin/users');
  await page.getByRole('button', { name: 'Disable uma' }).click();
  await page.getByRole('button', { name: 'Disable', exact: true }).click();
  await page.locator('li[data-user="uma"] [data-disabled]').waitFor({ timeout: 10_000 });
  await uma.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 10_000 });
  assert.is(await uma.locator('mn-sign-in .notice').textContent(), 'An admin disabled this account');
  assert.is(await uma.getByRole('button', { name: 'Sign out' }).count(), 0, 'the header no longer says signed in');
  await liveAgain(uma);
  await uma.screenshot({ path: `${SHOTS}/account-disabled-phone-light.png` });
  await uma.setViewportSize({ width: 1280, height: 800 });
  await uma.emulateMedia({ colorScheme: 'dark' });
  await uma.screenshot({ path: `${SHOTS}/account-disabled-desktop-dark.png` });
  assert.equal(await axeProblems(uma), [], 'axe on the sign-in page after the account was disabled (dark)');
  assert.is((await uma.evaluate(() => fetch('/api/me').then((r) => r.json()))).user, null);
  await context.close();
  // The audit log names a person once for their own action.
  await page.goto(t.url + '/#/admin/audit');
  const own = page.locator('li[data-action="password-change"] .what').first();
  await own.waitFor({ timeout: 10_000 });
  assert.is((await own.innerText()).split('\n')[0]!.trim(), 'uma changed their password');
});

test('unknown pages say so; a household member at #/admin is told they have no access', async ({ t, page, browser }) => {
  await page.goto(t.url + '/#/nowhere');
  await page.getByRole('heading', { name: 'Page not found' }).waitFor({ timeout: 10_000 });
  const context = await browser.browser()!.newContext();
  const cookie = (await t.sessionCookie('user', { name: 'Vic' })).split('=');
  await context.addCookies([{ name: cookie[0]!, value: cookie[1]!, url: t.url }]);
  const vic = await context.newPage();
  await vic.goto(t.url + '/#/admin');
  await vic.getByRole('heading', { name: "You don't have access" }).waitFor({ timeout: 10_000 });
  await context.close();
});

test('axe-core finds no serious or critical problem on any page, light and dark, desktop and phone', async ({ t, page }) => {
  const pages: Array<[string, string]> = [
    ['dashboard', '/#/'], ['account', '/#/account'], ['admin-plugins', '/#/admin/plugins'], ['admin-users', '/#/admin/users'],
    ['admin-sessions', '/#/admin/sessions'], ['admin-access', '/#/admin/access'], ['admin-audit', '/#/admin/audit'], ['not-found', '/#/nowhere'],
    ['used-invite', links.invite!.replace(t.url, '')],
  ];
  const problems: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [width, device] of [[1280, 'desktop'], [375, 'phone']] as const) {
      await page.setViewportSize({ width, height: 900 });
      for (const [name, path] of pages) {
        await page.goto('about:blank');
        await page.goto(t.url + path);
        await page.locator('mn-app').waitFor();
        await page.waitForTimeout(600); // lists and live data arrive
        for (const p of await axeProblems(page)) problems.push(`${name} ${device} ${scheme}: ${p}`);
        await page.screenshot({ path: `${SHOTS}/${name}-${device}-${scheme}.png`, fullPage: true });
        assert.is(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0, `${name} ${device}: no sideways scrolling`);
      }
    }
  }
  // Signed out: the sign-in page.
  await page.context().clearCookies();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(t.url + '/');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 10_000 });
    for (const p of await axeProblems(page)) problems.push(`sign-in ${scheme}: ${p}`);
    await page.screenshot({ path: `${SHOTS}/sign-in-desktop-${scheme}.png` });
  }
  assert.equal(problems, []);
});

test.run();
