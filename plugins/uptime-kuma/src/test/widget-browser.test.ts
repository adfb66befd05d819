import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startTestCore, type TestCore } from '@medianest/sdk/testing';
import { RealKuma, freePort, httpMonitor } from './support/real-kuma.js';
import { Target } from './support/target.js';
import { pluginDir } from './support/harness.js';

// The widget in the real portal, in Debian's headless Chromium, fed by the real Uptime Kuma
// watching a local service that starts switched off.
let t: TestCore;
let kuma: RealKuma;
let target: Target;
let jellyfin: number;
let nas: number;
let browser: BrowserContext;
let profile: string;
let page: Page;
const problems: string[] = [];
const test = suite('uptime-kuma widget in headless Chromium');

const RED = 'rgb(207, 34, 46)'; // --mn-bad of the light theme
const GREEN = 'rgb(26, 127, 55)'; // --mn-ok

test.before(async () => {
  target = await Target.start();
  await target.down();
  kuma = await RealKuma.start();
  await kuma.setupAdmin();
  jellyfin = await kuma.addMonitor(httpMonitor('Jellyfin', target.url));
  nas = await kuma.addMonitor(httpMonitor('NAS', `http://127.0.0.1:${await freePort()}/`));
  await kuma.addStatusPage('home', 'Our home', [{ name: 'Media', monitors: [jellyfin] }, { name: 'Storage', monitors: [nas] }]);
  await kuma.postIncident('home', { title: 'New disks on Saturday', content: 'The NAS will be off for an hour.', style: 'warning' });
  t = await startTestCore({ setUp: true, plugins: { 'uptime-kuma': { path: pluginDir, config: { baseUrl: kuma.url, statusPages: ['home'], pollInterval: '10s', timeout: '2s' } } } });
  const [name, value] = (await t.sessionCookie('user', { id: 'uma', name: 'Uma' })).split(';')[0]!.split('=') as [string, string];
  profile = await mkdtemp(join(tmpdir(), 'medianest-chromium-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  await browser.addCookies([{ name, value, url: t.url }]);
  page = await browser.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page: ${e.message}`));
  await page.setViewportSize({ width: 375, height: 900 });
});
test.after(async () => {
  await browser?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
  await t?.stop();
  await kuma?.stop();
  await target?.down();
});

const row = (id: number) => page.locator(`mn-uptime-kuma-status li[data-monitor="${id}"]`);
const colourOf = (id: number) => row(id).locator('.state').evaluate((el) => getComputedStyle(el).color);

test('a down service is shown in red with the word "down", under the incident of its status page', async () => {
  await page.goto(t.url + '/');
  await row(jellyfin).waitFor({ timeout: 25_000 });
  assert.is(await row(jellyfin).getAttribute('data-status'), 'down');
  assert.match((await row(jellyfin).locator('.state').textContent()) ?? '', /^down$/);
  assert.is(await colourOf(jellyfin), RED);
  assert.match((await row(jellyfin).locator('.name').textContent()) ?? '', /Jellyfin/);
  assert.is(await row(nas).getAttribute('data-status'), 'down');
  assert.match((await page.locator('mn-uptime-kuma-status .incident h4').textContent()) ?? '', /New disks on Saturday/);
  assert.ok((await row(jellyfin).locator('.beats span').count()) >= 1, 'a bar per recent heartbeat');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than a phone`);
});

test('it flips to "up" in green live, without a reload, and lists the change', async () => {
  await page.evaluate(() => ((window as any).__sameDocument = true));
  await target.up();
  // Uptime Kuma checks every 20 s (its minimum); the plugin polls every 10 s.
  await page.locator(`mn-uptime-kuma-status li[data-monitor="${jellyfin}"][data-status="up"]`).waitFor({ timeout: 45_000 });
  assert.match((await row(jellyfin).locator('.state').textContent()) ?? '', /^up$/);
  assert.is(await colourOf(jellyfin), GREEN);
  const figures = (await row(nas).locator('.figures').textContent())?.replace(/\s+/g, ' ').trim();
  assert.is(figures, '0% 24 h', 'the closed port: no uptime, no response time');
  await page.locator('mn-uptime-kuma-status .changes li').first().waitFor({ timeout: 5000 });
  assert.match((await page.locator('mn-uptime-kuma-status .changes li').first().textContent()) ?? '', /up\s+Jellyfin came back up at/);
  assert.ok(await page.evaluate(() => (window as any).__sameDocument === true), 'the page was not reloaded');
});

test('when Uptime Kuma stops answering it says so plainly and marks the states stale', async () => {
  await kuma.kill();
  const banner = page.locator('mn-uptime-kuma-status [data-unreachable]');
  await banner.waitFor({ timeout: 20_000 });
  assert.match((await banner.textContent()) ?? '', /Uptime Kuma unreachable since \d\d:\d\d/);
  assert.match((await row(jellyfin).locator('.state').textContent()) ?? '', /^up \(stale\)$/);
  await page.screenshot({ path: join(tmpdir(), 'uptime-kuma-widget.png'), fullPage: true });
  await kuma.launch();
  await banner.waitFor({ state: 'detached', timeout: 30_000 });
  assert.match((await row(jellyfin).locator('.state').textContent()) ?? '', /^up$/);
  assert.equal(problems, []);
});

test.run();
