import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Browser } from 'playwright-core';
import { startTestCore, type TestCore } from '@medianest/sdk/testing';
import { pluginDir } from './support/harness.js';
import { BOB, EVE, OWNER, startHousehold, type Household } from './support/household.js';
import { openProvider } from './support/flows.js';
import { axeProblems, launch, open, shotsDir } from './support/browser.js';

// The whole thing in Debian's headless Chromium: the admin connects Plex through the settings form,
// Bob signs in with Plex on the fake auth page (the Plex page waits behind grey bars, an empty
// library says so), Eve is refused.
let h: Household;
let t: TestCore;
let browser: Browser;
let admin: string;
let shots: string;

test.before(async () => {
  h = await startHousehold({ sizes: { '1': 30, '2': 12, '3': 0 } }); // an empty YouTube library, for its empty state
  t = await startTestCore({ setUp: true, plugins: { plex: { path: pluginDir, config: { plexTvUrl: h.plexTv.url, plexAppUrl: h.plexTv.url, pollInterval: '2s', timeout: '3s' } } } });
  admin = await t.sessionCookie('admin', { id: 'admin-1', name: 'Admin' });
  browser = await launch();
  shots = await shotsDir();
});

test.after(async () => {
  await browser?.close();
  await t?.stop();
  await h?.close();
});

/** Approves on the fake app.plex.tv page that `opening` opens in a new tab, as `who`. */
async function approveInPopup(context: import('playwright-core').BrowserContext, opening: () => Promise<unknown>, who: { username: string }) {
  const [popup] = await Promise.all([context.waitForEvent('page'), opening()]);
  await popup.waitForURL(/\/auth\/#!\?/);
  await popup.selectOption('#account', { label: who.username });
  await popup.click('#approve');
  await popup.waitForSelector('text=You can close this tab');
  await popup.close();
}

test('an admin connects a Plex server through the settings form', async () => {
  const { context, page, problems } = await open(browser, t.url, { cookie: admin });
  await page.goto(`${t.url}/#/admin`);
  // The connection status is held in the browser: grey bars in the busy settings, then the status.
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const connection = /\/api\/plugins\/plex\/admin\/connection$/;
  await page.route(connection, async (route) => { await gate; await route.continue().catch(() => {}); });
  try {
    await page.getByRole('button', { name: 'Settings of Plex' }).click();
    await page.locator('mn-plex-connect mn-skeleton').waitFor({ timeout: 10_000 });
    assert.is(await page.locator('mn-plugin-settings').getAttribute('aria-busy'), 'true', 'the settings are busy while the status comes');
    assert.not.match((await page.locator('mn-plex-connect').textContent()) ?? '', /Loading/);
    for (const dark of [false, true]) {
      await page.emulateMedia({ colorScheme: dark ? 'dark' : 'light', reducedMotion: 'reduce' });
      assert.equal(await axeProblems(page), [], `axe on the waiting settings (${dark ? 'dark' : 'light'})`);
      await page.screenshot({ path: `${shots}/admin-settings-loading-${dark ? 'dark' : 'light'}.png`, fullPage: true });
    }
    await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
  } finally {
    release();
    await page.unroute(connection);
  }
  await page.getByText('Not connected', { exact: true }).waitFor();
  assert.is(await page.locator('mn-plugin-settings').getAttribute('aria-busy'), 'false', 'not busy once the status is shown');
  assert.is(await page.locator('mn-plugin-settings input[name="plexTvUrl"]').count(), 0, 'hidden settings are not on the form');
  await page.screenshot({ path: `${shots}/admin-settings-unconnected.png`, fullPage: true });
  await approveInPopup(context, () => page.getByRole('button', { name: 'Connect Plex' }).click(), OWNER);
  await page.getByText('Pick the server').waitFor({ timeout: 10_000 });
  await page.screenshot({ path: `${shots}/admin-settings-pick.png`, fullPage: true });
  assert.ok(await page.getByRole('radio', { name: new RegExp(h.pms.url.replace(/[.:/]/g, '\\$&')) }).isChecked(), 'the local address is picked first');
  await page.getByRole('button', { name: 'Use this server' }).click();
  await page.getByText(/Connected to Living Room/).first().waitFor({ timeout: 10_000 });
  await page.screenshot({ path: `${shots}/admin-settings-connected.png`, fullPage: true });
  assert.equal(await axeProblems(page), []);
  assert.equal(problems, []);
  await context.close();
});

test('Sign in with Plex → the Plex page → approve → signed in, sees now playing and recently added', async () => {
  await openProvider(t.request, admin);
  h.pms.setSessions([{ user: { id: String(BOB.id), title: 'bob' }, itemKey: '1002', state: 'playing', viewOffset: 1_200_000, bandwidth: 5200, player: 'Phone', transcode: { videoDecision: 'transcode', audioDecision: 'copy', sourceVideoCodec: 'hevc', videoCodec: 'h264' } }]);
  const { context, page, problems } = await open(browser, t.url);
  await page.goto(`${t.url}/#/sign-in`);
  await approveInPopup(context, () => page.getByRole('button', { name: 'Sign in with Plex' }).click(), BOB);
  const widget = page.locator('mn-plex-now-playing');
  await widget.getByText('Coherence').waitFor({ timeout: 15_000 });
  await widget.getByText(/transcode: video HEVC → H\.264/).waitFor();
  await page.locator('mn-plex-recent').getByText('New in Films').waitFor({ timeout: 10_000 });
  const posterOk = await page.locator('mn-plex-recent img.poster').first().evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth));
  assert.is(posterOk, 160);
  // A change in Plex reaches the open page without a reload.
  h.pms.setSessions([]);
  await widget.getByText('You are not watching anything on Plex right now.').waitFor({ timeout: 5000 });
  h.pms.setSessions([{ user: { id: String(BOB.id), title: 'bob' }, itemKey: '1002', state: 'paused', viewOffset: 1_300_000, bandwidth: 5200, player: 'Phone' }]);
  await widget.getByText('paused').waitFor({ timeout: 5000 });
  for (const [phone, dark] of [[false, false], [true, false], [false, true], [true, true]] as const) {
    await page.setViewportSize(phone ? { width: 375, height: 800 } : { width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: dark ? 'dark' : 'light' });
    await page.screenshot({ path: `${shots}/dashboard-${phone ? 'phone' : 'desktop'}-${dark ? 'dark' : 'light'}.png`, fullPage: true });
  }
  assert.equal(await axeProblems(page), []);
  // The libraries held in the browser: the page waits behind grey bars in a busy region, then shows them.
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const libraries = /\/api\/plugins\/plex\/libraries$/;
  await page.route(libraries, async (route) => { await gate; await route.continue().catch(() => {}); });
  await page.goto(`${t.url}/#/p/plex/`);
  const plexPage = page.locator('mn-plex-page');
  try {
    await plexPage.locator('mn-skeleton').first().waitFor({ timeout: 10_000 });
    assert.is(await page.locator('mn-plugin-page').getAttribute('aria-busy'), 'true', 'the page is busy while it waits');
    assert.is(await plexPage.locator('mn-skeleton').first().getAttribute('aria-hidden'), 'true', 'the bars are not read out');
    assert.not.match((await plexPage.textContent()) ?? '', /Loading/);
    for (const dark of [false, true]) {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.emulateMedia({ colorScheme: dark ? 'dark' : 'light', reducedMotion: 'reduce' });
      assert.equal(await axeProblems(page), [], `axe on the waiting Plex page (${dark ? 'dark' : 'light'})`);
      await page.screenshot({ path: `${shots}/plex-page-loading-desktop-${dark ? 'dark' : 'light'}.png`, fullPage: true });
      await page.setViewportSize({ width: 390, height: 800 });
      await page.screenshot({ path: `${shots}/plex-page-loading-phone-${dark ? 'dark' : 'light'}.png`, fullPage: true });
    }
    await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
    await page.setViewportSize({ width: 1280, height: 900 });
  } finally {
    release();
    await page.unroute(libraries);
  }
  await plexPage.getByText('Page 1 of 1').waitFor({ timeout: 10_000 });
  assert.is(await page.locator('mn-plugin-page').getAttribute('aria-busy'), 'false', 'not busy once the libraries are shown');
  assert.is(await plexPage.locator('mn-skeleton').count(), 0);
  // A library with nothing in it says so, and what fills it.
  await plexPage.getByRole('button', { name: /^YouTube/ }).click();
  const empty = plexPage.locator('[data-empty="library"]');
  await empty.waitFor({ timeout: 10_000 });
  assert.is(await empty.textContent(), 'Nothing in YouTube yet: what Plex adds to it shows up here.');
  for (const dark of [false, true]) {
    await page.emulateMedia({ colorScheme: dark ? 'dark' : 'light' });
    assert.equal(await axeProblems(page), [], `axe on an empty library (${dark ? 'dark' : 'light'})`);
    await page.screenshot({ path: `${shots}/plex-page-empty-library-${dark ? 'dark' : 'light'}.png`, fullPage: true });
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await plexPage.getByRole('button', { name: /^Films/ }).click();
  await plexPage.getByText('Page 1 of 1').waitFor({ timeout: 10_000 });
  await plexPage.getByRole('searchbox').fill('dune');
  await plexPage.getByRole('button', { name: 'Search' }).click();
  await plexPage.getByText('Results for “dune”').waitFor();
  await page.screenshot({ path: `${shots}/plex-page-search.png`, fullPage: true });
  await plexPage.getByRole('button', { name: 'Back to the libraries' }).click();
  for (const [phone, dark] of [[false, false], [true, true]] as const) {
    await page.setViewportSize(phone ? { width: 375, height: 800 } : { width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: dark ? 'dark' : 'light' });
    await page.screenshot({ path: `${shots}/plex-page-${phone ? 'phone' : 'desktop'}-${dark ? 'dark' : 'light'}.png`, fullPage: true });
  }
  assert.equal(await axeProblems(page), []);
  assert.equal(problems, []);
  await context.close();
});

test('a local account links its Plex account from the account page', async () => {
  const made = await t.request('/api/admin/users', { method: 'POST', cookie: admin, json: { username: 'grandma', password: 'a long enough password 2', role: 'user' } });
  assert.ok(made.status < 300, made.text);
  const login = await t.request('/api/auth/login', { method: 'POST', json: { username: 'grandma', password: 'a long enough password 2' } });
  const cookie = (login.headers.get('set-cookie') ?? '').match(/mn_session=[^;]+/)![0];
  const { context, page, problems } = await open(browser, t.url, { cookie, phone: true });
  await page.goto(`${t.url}/#/account`);
  await approveInPopup(context, () => page.getByRole('button', { name: 'Link Plex' }).click(), OWNER);
  await page.getByText(/Linked Plex/).waitFor({ timeout: 10_000 });
  await page.getByText('linked to this account').waitFor();
  await page.screenshot({ path: `${shots}/account-linked-phone.png`, fullPage: true });
  assert.equal(await axeProblems(page), []);
  assert.equal(problems, []);
  await context.close();
  // The audit log names Plex, never its id plex.plex.
  const boss = await open(browser, t.url, { cookie: admin });
  await boss.page.goto(`${t.url}/#/admin/audit`);
  const linked = boss.page.locator('mn-admin-audit li[data-action="identity-link"] .what').first();
  await linked.waitFor({ timeout: 10_000 });
  assert.match((await linked.innerText()).replace(/\s+/g, ' '), /^grandma linked Plex to their account/);
  const signup = boss.page.locator('mn-admin-audit li[data-action="signup"] .detail').first();
  assert.is(await signup.textContent(), 'with Plex');
  const said = (await boss.page.locator('mn-admin-audit li[data-action]').allInnerTexts()).join('\n');
  assert.match(said, /Admin changed the sign-in provider Plex/);
  assert.not.match(said, /plex\.plex/);
  for (const dark of [false, true]) {
    await boss.page.emulateMedia({ colorScheme: dark ? 'dark' : 'light' });
    await boss.page.screenshot({ path: `${shots}/audit-provider-names-${dark ? 'dark' : 'light'}.png`, fullPage: true });
  }
  await boss.context.close();
});

test('a Plex user without access is refused with the message', async () => {
  const { context, page } = await open(browser, t.url);
  await page.goto(`${t.url}/#/sign-in`);
  await approveInPopup(context, () => page.getByRole('button', { name: 'Sign in with Plex' }).click(), EVE);
  await page.getByRole('alert').getByText('Your Plex account has no access to Living Room; ask its owner to share it').waitFor({ timeout: 10_000 });
  await page.screenshot({ path: `${shots}/sign-in-refused.png` });
  await context.close();
});

test.run();
