import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { hostname } from 'node:os';
import type { BrowserContext, Page } from 'playwright-core';
import { startTestCore, type TestCore } from '../testing.js';
import { launchChromium } from './support/browser.js';
import { fixturePlugin } from './support/fixtures.js';

/** The plugins of this suite, with hello on or off. */
const pluginSet = (hello: boolean) => ({
  sysinfo: { package: 'medianest-plugin-sysinfo', config: { interval: '1s' } },
  hello: { enabled: hello, path: fixturePlugin('hello') },
  'fake-sso': { path: fixturePlugin('fake-sso') },
});

const test = suite<{ t: TestCore; browser: BrowserContext; close(): Promise<void>; page: Page; problems: string[] }>('portal in headless Chromium');

test.before(async (ctx) => {
  ctx.t = await startTestCore({
    plugins: {
      sysinfo: { package: 'medianest-plugin-sysinfo', config: { interval: '1s' } },
      hello: { enabled: false, path: fixturePlugin('hello') },
      'fake-sso': { path: fixturePlugin('fake-sso') },
    },
  });
  const { browser, close } = await launchChromium();
  ctx.browser = browser;
  ctx.close = close;
  ctx.problems = [];
  ctx.page = await browser.newPage();
  ctx.page.on('console', (m) => { if (m.type() === 'error') ctx.problems.push(`console: ${m.text()}`); });
  ctx.page.on('pageerror', (e) => ctx.problems.push(`page: ${e.message}`));
  // Every CSP refusal, reported as a console error whatever Chromium itself logs.
  await ctx.page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  await ctx.page.setViewportSize({ width: 375, height: 800 });
});
test.after(async (ctx) => {
  await ctx.close?.();
  await ctx.t?.stop();
});

test('a fresh portal shows the setup form; the setup code from the log creates the admin and signs them in', async ({ t, page, problems }) => {
  await page.goto(t.url + '/');
  await page.getByText('This portal is not set up yet').waitFor({ timeout: 10_000 });
  const code = (await t.core.redis.get(`${t.redisPrefix}setup:code`))!;
  await page.getByLabel('Setup code').fill('WRONG-CODE-0000');
  await page.getByLabel('Username').fill('ada');
  await page.getByLabel('Display name').fill('Ada');
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Create the admin account' }).click();
  await page.getByText('setup code is wrong or used up').waitFor({ timeout: 5000 });
  problems.length = 0; // the browser logs the deliberate 403 as a failed resource
  await page.getByLabel('Setup code').fill(code);
  await page.getByRole('button', { name: 'Create the admin account' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 5000 });
  assert.match((await page.locator('mn-app .who').textContent()) ?? '', /Ada/);
});

test('the dashboard renders the example widget with data from its route', async ({ t, page }) => {
  await page.goto(t.url + '/');
  const host = page.locator('mn-sysinfo-load .host');
  await host.waitFor({ timeout: 10_000 });
  assert.is(await host.textContent(), hostname());
  const memory = await page.locator('mn-sysinfo-load [data-memory]').textContent();
  assert.match(memory ?? '', /^\d+%$/);
});

test('live samples update the widget without a reload', async ({ page }) => {
  const updated = page.locator('mn-sysinfo-load [data-updated]');
  const first = await updated.getAttribute('data-updated');
  await page.waitForFunction(
    (before) => document.querySelector('mn-app')?.shadowRoot?.querySelector('mn-dashboard')?.shadowRoot
      ?.querySelector('mn-widget-card')?.shadowRoot?.querySelector('mn-sysinfo-load')?.shadowRoot
      ?.querySelector('[data-updated]')?.getAttribute('data-updated') !== before,
    first,
    { timeout: 8000 },
  );
  const navigations = await page.evaluate(() => performance.getEntriesByType('navigation').length);
  assert.is(navigations, 1);
});

test('the shell and the plugin widget share one copy of LitElement', async ({ page }) => {
  const same = await page.evaluate(() => {
    const base = (tag: string) => {
      let proto = Object.getPrototypeOf(customElements.get(tag)!);
      while (proto && proto.name !== 'LitElement') proto = Object.getPrototypeOf(proto);
      return proto;
    };
    return base('mn-sysinfo-load') === base('mn-dashboard') && base('mn-dashboard') !== undefined;
  });
  assert.ok(same);
});

test('a plugin enabled in plugins.json appears on an open dashboard without a reload', async ({ t, page }) => {
  await t.writePlugins(pluginSet(true));
  await page.locator('mn-hello-card').waitFor({ timeout: 8000 });
  assert.is(await page.locator('mn-hello-card').textContent(), 'hello');
  await t.writePlugins(pluginSet(false));
  await page.locator('mn-hello-card').waitFor({ state: 'detached', timeout: 8000 });
});

test('a widget whose module fails to load shows a card saying so, and the other widgets still render', async ({ t, browser }) => {
  await t.writePlugins(pluginSet(true));
  await t.waitFor(async () => (await t.request('/api/ui/manifest', { cookie: await t.sessionCookie('user') })).body.widgets.some((w: any) => w.plugin === 'hello'), 8000, 'the hello widget in the manifest');
  const page = await browser.newPage();
  await page.setViewportSize({ width: 375, height: 800 });
  await page.route(/\/plugins\/hello\/[^/]+\/ui\//, (route) => route.fulfill({ status: 500, contentType: 'text/plain', body: 'broken' }));
  try {
    await page.goto(t.url + '/');
    const broken = page.locator('mn-widget-card', { hasText: 'could not be loaded' });
    await broken.filter({ has: page.getByRole('heading', { name: 'Hello', exact: true }) }).waitFor({ timeout: 8000 });
    await page.locator('mn-sysinfo-load .host').waitFor({ timeout: 8000 });
    assert.is(await page.locator('mn-hello-card').count(), 0);
    assert.is(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0);
    await page.screenshot({ path: '/tmp/mn-dashboard-broken-widget.png', fullPage: true });
  } finally {
    await page.close();
    await t.writePlugins(pluginSet(false));
    await t.waitFor(async () => !(await t.request('/api/ui/manifest', { cookie: await t.sessionCookie('user') })).body.widgets.some((w: any) => w.plugin === 'hello'), 8000, 'hello to leave the manifest');
  }
});

test('the page fits a phone screen, with no console errors or CSP violations', async ({ page, problems }) => {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.is(overflow, 0);
  await page.screenshot({ path: '/tmp/mn-dashboard.png', fullPage: true });
  assert.equal(problems, []);
});

test('the admin page shows plugins with state and checks to the admin, and asks for sign-in once signed out', async ({ t, page }) => {
  await page.goto(t.url + '/#/admin/plugins');
  const row = page.locator('mn-admin-plugins li[data-plugin="sysinfo"]');
  await row.waitFor({ timeout: 5000 });
  assert.match((await row.textContent()) ?? '', /System info/);
  assert.is(await row.locator('mn-status-badge span').first().textContent(), 'running');
  assert.match((await row.textContent()) ?? '', /memory/);
  await page.screenshot({ path: '/tmp/mn-admin.png', fullPage: true });
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('link', { name: 'Sign in' }).waitFor({ timeout: 5000 });
  await page.reload();
  // Signed out, the admin page is the sign-in page: nothing of the admin's view stays.
  await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 5000 });
  assert.is(await page.locator('mn-admin-plugins').count(), 0);
});

test('signing in from the form brings the admin back', async ({ t, page }) => {
  await page.goto(t.url + '/#/sign-in');
  await page.getByLabel('Username').fill('ada');
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 5000 });
});

test("an admin's toggle on the admin page removes the widget from another user's open dashboard, then brings it back", async ({ t, browser, page }) => {
  await t.writePlugins(pluginSet(true));
  const other = await browser.browser()!.newContext();
  const cookie = (await t.sessionCookie('user', { name: 'Uma' })).split('=');
  await other.addCookies([{ name: cookie[0]!, value: cookie[1]!, url: t.url }]);
  const uma = await other.newPage();
  await uma.goto(t.url + '/');
  await uma.locator('mn-hello-card').waitFor({ timeout: 8000 });

  await page.goto(t.url + '/#/admin/plugins');
  await page.getByRole('button', { name: 'Disable Hello fixture' }).click();
  await page.getByRole('button', { name: 'Enable Hello fixture' }).waitFor({ timeout: 8000 });
  await uma.locator('mn-hello-card').waitFor({ state: 'detached', timeout: 8000 });
  await page.getByRole('button', { name: 'Enable Hello fixture' }).click();
  await uma.locator('mn-hello-card').waitFor({ timeout: 8000 });
  assert.is(await uma.evaluate(() => performance.getEntriesByType('navigation').length), 1);
  await other.close();
});

test('the admin adds an account on the Users page, and the audit log shows it', async ({ t, page }) => {
  await page.goto(t.url + '/#/admin/users');
  await page.getByLabel('Username').fill('kid');
  await page.getByLabel('Display name').fill('The Kid');
  await page.getByLabel('First password').fill('a long first password');
  await page.getByRole('button', { name: 'Add account' }).click();
  await page.locator('mn-admin-users li[data-user="kid"]').waitFor({ timeout: 5000 });
  await page.getByLabel('Role of kid').selectOption('admin');
  await page.waitForFunction(async () => (await (await fetch('/api/admin/users')).json()).users.some((u: any) => u.username === 'kid' && u.role === 'admin'), undefined, { timeout: 5000 });
  await page.goto(t.url + '/#/admin/audit');
  await page.locator('mn-admin-audit li[data-action="user-create"]', { hasText: 'added the account' }).first().waitFor({ timeout: 5000 });
  await page.screenshot({ path: '/tmp/mn-audit.png', fullPage: true });
});

test("the settings form saves a plugin's settings and keeps its secret write-only", async ({ t, page }) => {
  await page.goto(t.url + '/#/admin/plugins');
  await page.getByRole('button', { name: 'Settings of Hello fixture' }).click();
  const form = page.locator('mn-plugin-settings');
  await form.getByLabel('greeting').fill('Welcome');
  await form.getByLabel('token').fill('very-secret-token');
  await form.getByRole('button', { name: 'Save settings' }).click();
  await form.getByText('Saved; the plugin is running.').waitFor({ timeout: 8000 });
  assert.equal((await t.request('/api/plugins/hello/hello')).body, { message: 'Welcome, world' });
  assert.is(await form.getByLabel('token').inputValue(), '');
  assert.is(await form.getByLabel('token').getAttribute('placeholder'), 'set — leave empty to keep');
  assert.not.ok((await page.content()).includes('very-secret-token'));
  await page.screenshot({ path: '/tmp/mn-settings.png', fullPage: true });
});

test('a person makes an API token on their account page and sees it once', async ({ t, page }) => {
  await page.goto(t.url + '/#/account');
  await page.getByLabel('New API token, for').fill('backup');
  await page.getByRole('button', { name: 'Create' }).click();
  const token = (await page.locator('mn-account [data-token]').textContent())!;
  assert.match(token, /^mnt_/);
  const who = await t.request('/api/me', { csrf: false, headers: { authorization: `Bearer ${token}` } } as any);
  assert.is(who.body.user.name, 'Ada');
  await page.reload();
  await page.locator('mn-account [data-token-name="backup"]').waitFor();
  assert.is(await page.locator('mn-account [data-token]').count(), 0);
});

test('an admin opens a sign-in provider, and a person signs in with it from the sign-in page', async ({ t, browser, page }) => {
  await page.goto(t.url + '/#/admin/access');
  const provider = page.locator('mn-admin-access [data-provider="fake-sso.pin"]');
  await provider.getByLabel('New people').selectOption('create');
  await provider.getByLabel('Open').check();
  await t.waitFor(async () => (await t.request('/api/auth/providers')).body.providers.length === 1, 5000, 'the provider to open');
  // Both changes hold, whatever order their answers came back in.
  await t.waitFor(async () => (await t.request('/api/admin/auth-providers', { cookie: await t.sessionCookie('admin') })).body.providers.some((p: any) => p.id === 'fake-sso.pin' && p.open && p.newUsers === 'create'), 5000, 'the provider open, making accounts at once');

  const other = await browser.browser()!.newContext();
  const guest = await other.newPage();
  await guest.goto(t.url + '/#/sign-in');
  const opened = other.waitForEvent('page');
  await guest.getByRole('button', { name: 'Sign in with Fake SSO' }).click();
  const providerTab = await opened;
  await providerTab.waitForURL(/fake-sso\/link-page/, { timeout: 5000 });
  const code = new URL(providerTab.url()).searchParams.get('code')!;
  assert.ok(code, `the provider tab opened at ${providerTab.url()}`);
  const linked = await t.request('/api/plugins/fake-sso/link', { method: 'POST', json: { code, externalId: 'ext-9', username: 'guest', displayName: 'Guest' } });
  assert.ok(linked.status < 300, `the provider took the person: ${linked.status}`);
  // As a person does: close the provider's tab and come back to MediaNest's (a background tab's timers are slowed).
  await providerTab.close();
  await guest.bringToFront();
  await guest.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 30_000 });
  assert.match((await guest.locator('mn-app .who').textContent()) ?? '', /Guest/);
  await other.close();
});

test('the built assets are served with long-cache headers and the first page is small', async ({ t }) => {
  const index = await fetch(t.url + '/');
  assert.is(index.headers.get('cache-control'), 'no-cache');
  const html = await index.text();
  const scripts = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
  assert.ok(scripts.length > 0);
  let bytes = html.length;
  for (const path of scripts) {
    const res = await fetch(t.url + path, { headers: { 'accept-encoding': 'br' } });
    assert.is(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    const decoded = (await res.arrayBuffer()).byteLength;
    bytes += Number(res.headers.get('content-length') ?? decoded); // bytes on the wire, compressed when large
  }
  assert.ok(bytes < 60_000, `first page weighs ${bytes} bytes compressed`);
});

test.run();
