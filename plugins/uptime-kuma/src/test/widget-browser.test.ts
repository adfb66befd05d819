import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startTestCore, type TestCore } from '@medianest/sdk/testing';
import { FakeKuma } from './support/fake-kuma.js';
import { pluginDir } from './support/harness.js';

// The widget in the real portal, in Debian's headless Chromium, fed by the stand-in Uptime Kuma.
let t: TestCore;
let fake: FakeKuma;
let browser: BrowserContext;
let profile: string;
let page: Page;
const problems: string[] = [];
const test = suite('uptime-kuma widget in headless Chromium');

const RED = 'rgb(207, 34, 46)'; // --mn-bad of the light theme
const GREEN = 'rgb(26, 127, 55)'; // --mn-ok

test.before(async () => {
  fake = await FakeKuma.start();
  t = await startTestCore({ setUp: true, plugins: { 'uptime-kuma': { path: pluginDir, config: { baseUrl: fake.url, statusPages: ['home'], pollInterval: '10s', timeout: '1s' } } } });
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
  await fake?.stop();
});

const row = (id: number) => page.locator(`mn-uptime-kuma-status li[data-monitor="${id}"]`);
const colourOf = (id: number) => row(id).locator('.state').evaluate((el) => getComputedStyle(el).color);

test('a down service is shown in red with the word "down", beside the incident of its status page', async () => {
  await page.goto(t.url + '/');
  await row(2).waitFor({ timeout: 15_000 });
  assert.is(await row(2).getAttribute('data-status'), 'down');
  assert.match((await row(2).locator('.state').textContent()) ?? '', /^down$/);
  assert.is(await colourOf(2), RED);
  assert.match((await row(2).locator('.name').textContent()) ?? '', /local-http-down/);
  assert.is(await row(1).getAttribute('data-status'), 'up');
  assert.is(await colourOf(1), GREEN);
  assert.match((await page.locator('mn-uptime-kuma-status .incident h4').textContent()) ?? '', /Disk swap tonight/);
  assert.is(await row(1).locator('.beats span').count(), 4, 'one bar per recent heartbeat');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than a phone`);
});

test('it flips to "up" live, without a reload, and lists the change', async () => {
  await page.evaluate(() => ((window as any).__sameDocument = true));
  fake.beat(2, 1, 4);
  await page.locator('mn-uptime-kuma-status li[data-monitor="2"][data-status="up"]').waitFor({ timeout: 20_000 });
  assert.match((await row(2).locator('.state').textContent()) ?? '', /^up$/);
  assert.is(await colourOf(2), GREEN);
  await page.locator('mn-uptime-kuma-status .changes li').first().waitFor({ timeout: 5000 });
  assert.match((await page.locator('mn-uptime-kuma-status .changes li').first().textContent()) ?? '', /up\s+local-http-down came back up at/);
  assert.ok(await page.evaluate(() => (window as any).__sameDocument === true), 'the page was not reloaded');
});

test('when Uptime Kuma stops answering it says so plainly and marks the states stale', async () => {
  fake.mode = 'error';
  const banner = page.locator('mn-uptime-kuma-status [data-unreachable]');
  await banner.waitFor({ timeout: 20_000 });
  assert.match((await banner.textContent()) ?? '', /Uptime Kuma unreachable since \d\d:\d\d/);
  assert.match((await row(2).locator('.state').textContent()) ?? '', /^up \(stale\)$/);
  fake.mode = 'ok';
  await banner.waitFor({ state: 'detached', timeout: 20_000 });
  assert.match((await row(2).locator('.state').textContent()) ?? '', /^up$/);
  await page.screenshot({ path: join(tmpdir(), 'uptime-kuma-widget.png'), fullPage: true });
  assert.equal(problems, []);
});

test.run();
