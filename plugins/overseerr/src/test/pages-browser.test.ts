import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { TestCore } from '@medianest/sdk/testing';
import { FakeOverseerr } from './support/fake-overseerr.js';
import { UMA, startWithFake } from './support/harness.js';
import { axeProblems, launch, shotsDir, signedIn } from './support/browser.js';

// The Requests pages in the real portal, in Debian's headless Chromium: search → request → pending
// in My requests → an admin approves in another browser → the first page flips to approved live.
let t: TestCore;
let fake: FakeOverseerr;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let uma: string;
let admin: string;
let shots: string;
const test = suite('overseerr pages in headless Chromium');

test.before(async () => {
  fake = await FakeOverseerr.start();
  t = await startWithFake(fake, { pollInterval: '1h' }, { setUp: true });
  uma = await t.sessionCookie('user', UMA);
  admin = await t.sessionCookie('admin', { id: 'u-admin', name: 'Admin' });
  await t.request('/api/plugins/overseerr/me', { cookie: uma });
  await t.request(`/api/plugins/overseerr/people/${UMA.id}`, { method: 'PUT', cookie: admin, json: { overseerrUserId: 2 } });
  ({ browser, close: closeBrowser } = await launch());
  shots = await shotsDir();
});
test.after(async () => {
  await closeBrowser?.();
  await t?.stop();
  await fake?.stop();
});

const inRequests = (page: Page, css: string) => page.locator(`mn-overseerr-requests ${css}`);

/** Holds the browser's requests to `pattern` until the returned function is called; then the real answer goes through. */
async function hold(page: Page, pattern: RegExp): Promise<() => Promise<void>> {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  await page.route(pattern, async (route) => { await gate; await route.continue().catch(() => {}); });
  return async () => {
    release();
    await page.unroute(pattern);
  };
}

/** The page is busy with grey bars (not read out, no "Loading…"), axe-clean light and dark; screenshots at 1280 and 390. */
async function waitingLooksRight(page: Page, inside: string, name: string) {
  await page.locator(`${inside} mn-skeleton`).first().waitFor({ timeout: 20_000 });
  assert.is(await page.locator('mn-plugin-page').getAttribute('aria-busy'), 'true', `${name}: the page is busy while it waits`);
  assert.is(await page.locator(`${inside} mn-skeleton`).first().getAttribute('aria-hidden'), 'true', `${name}: the bars are not read out`);
  assert.not.match((await page.locator('mn-plugin-page').textContent()) ?? '', /Loading/);
  for (const dark of [false, true]) {
    await page.emulateMedia({ colorScheme: dark ? 'dark' : 'light', reducedMotion: 'reduce' });
    assert.equal(await axeProblems(page), [], `axe on ${name} (${dark ? 'dark' : 'light'})`);
    for (const [width, label] of [[1280, 'desktop'], [390, 'phone']] as const) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: join(shots, `${name}-${label}-${dark ? 'dark' : 'light'}.png`), fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
  await page.setViewportSize({ width: 1280, height: 900 });
}

test('the pages wait behind grey bars in a busy page, then show their lists; empty lists say what to do next', async () => {
  const member = await signedIn(browser, t.url, uma);
  const page = member.page;
  let release = await hold(page, /\/api\/plugins\/overseerr\/requests\/mine$/);
  try {
    await page.goto(`${t.url}/#/p/overseerr/`);
    await waitingLooksRight(page, 'mn-overseerr-my-requests', 'requests-loading');
  } finally {
    await release();
  }
  const none = inRequests(page, 'mn-overseerr-my-requests [data-empty="my-requests"]');
  await none.waitFor({ timeout: 20_000 });
  assert.is(await none.textContent(), 'You have not requested anything yet. Search above to find a film or show.');
  assert.is(await page.locator('mn-plugin-page').getAttribute('aria-busy'), 'false', 'not busy once the list is shown');
  // The request form waits for the title's details behind bars too.
  await inRequests(page, 'input[type="search"]').fill('matrix');
  await inRequests(page, 'button[type="submit"]').click();
  const matrix = inRequests(page, 'li[data-title="movie-603"]');
  await matrix.waitFor({ timeout: 20_000 });
  release = await hold(page, /\/api\/plugins\/overseerr\/titles\//);
  try {
    await matrix.getByRole('button', { name: 'Request The Matrix' }).click();
    await waitingLooksRight(page, 'mn-overseerr-request-form', 'request-form-loading');
  } finally {
    await release();
  }
  await matrix.getByRole('button', { name: 'Request', exact: true }).waitFor({ timeout: 20_000 });
  // The form's parts may arrive one after another: every placeholder goes, and the page is not busy.
  await matrix.locator('mn-skeleton').first().waitFor({ state: 'detached', timeout: 20_000 });
  assert.is(await matrix.locator('mn-skeleton').count(), 0);
  await page.locator('mn-plugin-page[aria-busy="false"]').waitFor({ timeout: 20_000 });
  assert.equal(member.problems, []);
  await member.context.close();

  const boss = await signedIn(browser, t.url, admin);
  const releases = await Promise.all([/\/requests\/pending$/, /\/overseerr\/people$/, /\/overseerr\/webhook$/].map((p) => hold(boss.page, p)));
  try {
    await boss.page.goto(`${t.url}/#/p/overseerr/admin`);
    for (const part of ['mn-overseerr-pending', 'mn-overseerr-people', 'mn-overseerr-webhook-setup']) await boss.page.locator(`${part} mn-skeleton`).first().waitFor({ timeout: 20_000 });
    await waitingLooksRight(boss.page, 'mn-overseerr-admin', 'admin-loading');
  } finally {
    for (const r of releases) await r();
  }
  const nothingWaiting = boss.page.locator('mn-overseerr-pending [data-empty="pending"]');
  await nothingWaiting.waitFor({ timeout: 20_000 });
  assert.is(await nothingWaiting.textContent(), 'Nothing is waiting for approval. New requests from the household show up here as they come.');
  await boss.page.locator('mn-overseerr-people tr[data-person]').first().waitFor({ timeout: 20_000 });
  await boss.page.locator('mn-overseerr-webhook-setup [data-webhook-auth]').waitFor({ timeout: 20_000 });
  await t.waitFor(async () => (await boss.page.locator('mn-plugin-page').getAttribute('aria-busy')) === 'false', 5000, 'the admin page not busy once loaded');
  for (const dark of [false, true]) {
    await boss.page.emulateMedia({ colorScheme: dark ? 'dark' : 'light' });
    assert.equal(await axeProblems(boss.page), [], `admin page, nothing waiting (${dark ? 'dark' : 'light'})`);
    await boss.page.screenshot({ path: join(shots, `admin-nothing-waiting-${dark ? 'dark' : 'light'}.png`), fullPage: true });
  }
  assert.equal(boss.problems, []);
  await boss.context.close();
});

test('search, request with the quota shown, pending in My requests, approved live from another browser', async () => {
  const member = await signedIn(browser, t.url, uma);
  const page = member.page;
  await page.goto(`${t.url}/#/p/overseerr/`);
  await inRequests(page, 'input[type="search"]').fill('matrix');
  await inRequests(page, 'button[type="submit"]').click();
  const matrix = inRequests(page, 'li[data-title="movie-603"]');
  await matrix.waitFor({ timeout: 20_000 });
  assert.match((await matrix.locator('h3').textContent()) ?? '', /^The Matrix$/);
  assert.match((await matrix.textContent()) ?? '', /Film · 1999/);
  await matrix.getByRole('button', { name: 'Request The Matrix' }).click();
  const quota = matrix.locator('[data-quota]');
  await quota.waitFor({ timeout: 20_000 });
  assert.is(await quota.textContent(), '5 of 5 film requests left this week');
  await matrix.getByRole('button', { name: 'Request', exact: true }).click();
  await matrix.locator('.done').waitFor({ timeout: 20_000 });
  assert.is(await matrix.locator('.done').textContent(), 'Requested: an admin will look at it soon');
  assert.is(await matrix.locator('[data-availability]').getAttribute('data-availability'), 'pending');
  const mine = inRequests(page, 'mn-overseerr-my-requests li[data-request]');
  await mine.first().waitFor({ timeout: 20_000 });
  assert.is(await mine.first().getAttribute('data-state'), 'pending');
  assert.match((await mine.first().textContent()) ?? '', /The Matrix[\s\S]*Pending approval/);
  assert.is(fake.callsTo('/request', 'POST')[0]!.apiUser, '2');
  await page.evaluate(() => ((window as any).__sameDocument = true));

  const boss = await signedIn(browser, t.url, admin);
  await boss.page.goto(`${t.url}/#/p/overseerr/admin`);
  const row = boss.page.locator('mn-overseerr-admin mn-overseerr-pending li[data-request]');
  await row.first().waitFor({ timeout: 20_000 });
  assert.match((await row.first().textContent()) ?? '', /The Matrix[\s\S]*uma/);
  await row.first().getByRole('button', { name: /^Approve The Matrix/ }).click();
  await boss.page.locator('mn-overseerr-pending .done').waitFor({ timeout: 20_000 });

  await page.locator('mn-overseerr-my-requests li[data-state="approved"]').waitFor({ timeout: 20_000 });
  assert.is(await page.locator('mn-overseerr-my-requests li[data-request] [data-state-word]').first().textContent(), 'Approved');
  assert.ok(await page.evaluate(() => (window as any).__sameDocument === true), 'the page was not reloaded');
  assert.equal(await axeProblems(page), []);
  assert.equal(await axeProblems(boss.page), []);
  assert.equal([...member.problems, ...boss.problems], []);
  await member.context.close();
  await boss.context.close();
});

test('someone not linked is told to ask an admin and can still search', async () => {
  const stranger = await t.sessionCookie('user', { id: 'u-zed', name: 'Zed' });
  const { context, page, problems } = await signedIn(browser, t.url, stranger, { phone: true });
  await page.goto(`${t.url}/#/p/overseerr/`);
  const notice = inRequests(page, '[data-not-linked]');
  await notice.waitFor({ timeout: 20_000 });
  assert.is(await notice.textContent(), "Your account isn't linked to Overseerr yet; ask an admin. You can still search.");
  await inRequests(page, 'input[type="search"]').fill('breaking');
  await inRequests(page, 'input[type="search"]').press('Enter');
  await inRequests(page, 'li[data-title="tv-1396"]').waitFor({ timeout: 20_000 });
  assert.is(await inRequests(page, 'li[data-title="tv-1396"] button').count(), 0, 'no Request button for them');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than a phone`);
  assert.equal(await axeProblems(page), []);
  // A hit chosen in the portal's search box opens this page searching for it.
  await page.goto(`${t.url}/#/p/overseerr/?q=Back%20to%20the%20Future`);
  await inRequests(page, 'li[data-title="movie-105"]').waitFor({ timeout: 20_000 });
  assert.equal(problems, []);
  await context.close();
});

test('screenshots of every page at desktop and phone width, light and dark, without serious accessibility problems', async () => {
  for (const dark of [false, true]) {
    for (const phone of [false, true]) {
      const tag = `${phone ? 'phone' : 'desktop'}-${dark ? 'dark' : 'light'}`;
      const member = await signedIn(browser, t.url, uma, { dark, phone });
      await member.page.goto(`${t.url}/#/p/overseerr/`);
      await inRequests(member.page, 'mn-overseerr-my-requests li[data-request]').first().waitFor({ timeout: 20_000 });
      await inRequests(member.page, 'input[type="search"]').fill('game');
      await inRequests(member.page, 'input[type="search"]').press('Enter');
      const got = inRequests(member.page, 'li[data-title="tv-1399"]');
      await got.waitFor({ timeout: 20_000 });
      await got.getByRole('button', { name: /^Request/ }).click();
      await got.locator('fieldset label').first().waitFor({ timeout: 20_000 });
      await member.page.screenshot({ path: join(shots, `requests-${tag}.png`), fullPage: true });
      assert.equal(await axeProblems(member.page), [], `requests page ${tag}`);
      await member.page.goto(`${t.url}/#/`);
      await member.page.locator('mn-overseerr-search input[type="search"]').waitFor({ timeout: 20_000 });
      await member.page.screenshot({ path: join(shots, `dashboard-${tag}.png`), fullPage: true });
      assert.equal(await axeProblems(member.page), [], `dashboard ${tag}`);
      const overflow = await member.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${tag}: ${overflow}px too wide`);
      assert.equal(member.problems, []);
      await member.context.close();

      const boss = await signedIn(browser, t.url, admin, { dark, phone });
      await boss.page.goto(`${t.url}/#/p/overseerr/admin`);
      await boss.page.locator('mn-overseerr-webhook-setup [data-webhook-auth]').waitFor({ timeout: 20_000 });
      await boss.page.locator('mn-overseerr-people tr[data-person]').first().waitFor({ timeout: 20_000 });
      await boss.page.locator('mn-overseerr-counts li[data-count]').first().waitFor({ timeout: 20_000 });
      await boss.page.screenshot({ path: join(shots, `admin-${tag}.png`), fullPage: true });
      assert.equal(await axeProblems(boss.page), [], `admin page ${tag}`);
      const wide = await boss.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(wide <= 0, `admin ${tag}: ${wide}px too wide`);
      assert.equal(boss.problems, []);
      await boss.context.close();
    }
  }
});

test.run();
