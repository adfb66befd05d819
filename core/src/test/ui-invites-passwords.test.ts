import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdir } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { startTestCore, type TestCore } from '../testing.js';
import { launchChromium } from './support/browser.js';
import { fixturePlugin } from './support/fixtures.js';
import { axeProblems } from './support/axe.js';

// In headless Chromium: an invite accepted by signing in with a provider the admin opened, and a
// temporary password's session that can only choose a new password.
const SHOTS = '/tmp/mn-shots';
const PROVIDER = 'fake-sso.pin';
const test = suite<{ t: TestCore; browser: BrowserContext; close(): Promise<void>; admin: string }>('invites with a provider, temporary passwords, in headless Chromium');

test.before(async (ctx) => {
  await mkdir(SHOTS, { recursive: true });
  ctx.t = await startTestCore({ plugins: { 'fake-sso': { path: fixturePlugin('fake-sso') } } });
  // Claimed through the API: the invitee meets a portal in use, not the setup form.
  const code = (await ctx.t.core.redis.get(`${ctx.t.redisPrefix}setup:code`))!;
  const setup = await ctx.t.request('/api/setup', { method: 'POST', json: { code, username: 'ada', password: 'correct horse battery', displayName: 'Ada' } });
  assert.is(setup.status, 201);
  ctx.admin = (setup.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { browser, close } = await launchChromium();
  ctx.browser = browser;
  ctx.close = close;
});
test.after(async (ctx) => {
  await ctx.close?.();
  await ctx.t?.stop();
});

/** A fresh browser context (another person), with no cookies. */
const person = async (browser: BrowserContext, width = 390) => {
  const context = await browser.browser()!.newContext();
  const page = await context.newPage();
  await page.setViewportSize({ width, height: 850 });
  return { context, page };
};

/** Screenshots at desktop and phone width, light and dark, with axe-core's serious and critical findings. */
async function look(page: Page, name: string, ready: (page: Page) => Promise<unknown>): Promise<string[]> {
  const problems: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [width, device] of [[1280, 'desktop'], [390, 'phone']] as const) {
      await page.setViewportSize({ width, height: 850 });
      await page.reload();
      await ready(page);
      for (const p of await axeProblems(page)) problems.push(`${name} ${device} ${scheme}: ${p}`);
      await page.screenshot({ path: `${SHOTS}/${name}-${device}-${scheme}.png`, fullPage: true });
      assert.is(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0, `${name} ${device}: no sideways scrolling`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return problems;
}

test('an invite accepted with a provider the admin opened: the account has the invite role at once', async ({ t, browser, admin }) => {
  // New people from this provider wait for approval; the invite skips the wait.
  await t.request(`/api/admin/auth-providers/${PROVIDER}`, { method: 'PUT', cookie: admin, json: { open: true, newUsers: 'approve' } });
  const made = await t.request('/api/admin/invites', { method: 'POST', cookie: admin, json: { role: 'admin', validFor: '7d' } });
  const link = `${t.url}/${made.body.path}`;
  const { context, page } = await person(browser);
  await page.goto(link);
  const join = page.getByRole('button', { name: 'Join with Fake SSO' });
  await join.waitFor({ timeout: 10_000 });
  assert.equal(await look(page, 'invite-providers', (p) => p.getByRole('button', { name: 'Join with Fake SSO' }).waitFor({ timeout: 10_000 })), []);
  const opened = context.waitForEvent('page');
  await join.click();
  const providerTab = await opened;
  await providerTab.waitForURL(/\/api\/plugins\/fake-sso\/link-page\?code=/, { timeout: 10_000 });
  await page.getByText('Finish signing in with Fake SSO in the new tab').waitFor({ timeout: 5000 });
  // The person "links" the code at the provider (the fixture's stand-in for plex.tv/link).
  const code = new URL(providerTab.url()).searchParams.get('code');
  await t.request('/api/plugins/fake-sso/link', { method: 'POST', json: { code, externalId: 'ext-quinn', username: 'quinn', displayName: 'Quinn' } });
  await providerTab.close();
  await page.bringToFront();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor({ timeout: 15_000 });
  await page.getByRole('link', { name: 'Admin' }).waitFor({ timeout: 5000 });
  const me = await page.evaluate(() => fetch('/api/me').then((r) => r.json()));
  assert.equal([me.user.name, me.user.role], ['Quinn', 'admin']);
  // The link is used up: opening it again says so in plain words.
  await page.goto(link);
  await page.getByText('This invite was used already, withdrawn or has expired').waitFor({ timeout: 10_000 });
  await context.close();
});

test('a temporary password shows only "Choose a new password" until the person chose one', async ({ t, browser, admin }) => {
  const made = await t.request('/api/admin/users', { method: 'POST', cookie: admin, json: { username: 'rae', password: 'a long first password', role: 'user' } });
  const reset = await t.request(`/api/admin/users/${made.body.user.id}/password-reset`, { method: 'POST', cookie: admin, json: { mode: 'temporary' } });
  const { context, page } = await person(browser);
  await page.goto(`${t.url}/#/account`);
  await page.getByLabel('Username').fill('rae');
  await page.getByLabel('Password').fill(reset.body.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const heading = page.getByRole('heading', { name: 'Choose a new password' });
  await heading.waitFor({ timeout: 10_000 });
  await page.getByText('An admin gave you a temporary password: choose your own now.').waitFor();
  assert.equal(await look(page, 'must-change-password', (p) => p.getByLabel('Temporary password').waitFor({ timeout: 10_000 })), []);
  assert.is(await page.evaluate(() => document.querySelector('mn-app')?.shadowRoot?.querySelector('mn-profile')?.shadowRoot?.activeElement?.getAttribute('name')), 'current', 'the first field has the cursor');
  // Any other page shows the same form; the server refuses the rest anyway.
  await page.goto(`${t.url}/#/`);
  await heading.waitFor({ timeout: 10_000 });
  assert.is(await page.locator('mn-dashboard').count(), 0);
  const refused = await page.evaluate(() => fetch('/api/tokens').then(async (r) => [r.status, (await r.json()).error]));
  assert.equal(refused, [403, 'Choose a new password before you go on: you signed in with a temporary one']);
  await page.getByLabel('Temporary password').fill(reset.body.password);
  await page.getByLabel('New password (at least 10 characters)').fill('rae chose her own');
  await page.getByLabel('Repeat the new password').fill('rae chose her own');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor({ timeout: 10_000 });
  assert.is(await page.evaluate(() => fetch('/api/tokens').then((r) => r.status)), 200);
  // The same session goes on, live: its connection is not closed by the change.
  await page.waitForTimeout(1000);
  await page.waitForFunction(() => document.querySelector('mn-app')?.shadowRoot?.querySelector('.dot.on'), undefined, { timeout: 5000 });
  assert.is(await page.getByRole('button', { name: 'Sign out' }).count(), 1);
  await context.close();
});

test.run();
