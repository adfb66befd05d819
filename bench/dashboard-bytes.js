// Figures for the first dashboard load: bytes over the wire (compressed, as the browser receives
// them, every request counted) with 20 app tiles and 5 widgets, and the time until live data shows
// (the tiles' dots and the server widget filled in). Headless Debian Chromium, real core, real
// PostgreSQL and Redis. Usage: npm run build && node bench/dashboard-bytes.js   Prints figures; asserts nothing.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startTestCore } from '../core/dist/testing.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const BRANDS = ['plex', 'jellyfin', 'homeassistant', 'proxmox', 'synology', 'ubiquiti', 'sonarr', 'radarr', 'qbittorrent', 'nextcloud', 'pihole', 'grafana', 'portainer', 'immich', 'kodi', 'transmission', 'docker', 'adguard', 'vaultwarden', 'syncthing'];

const target = createServer((_, res) => res.end('ok'));
await new Promise((r) => target.listen(0, '127.0.0.1', r));
const targetUrl = `http://127.0.0.1:${target.address().port}/`;
const t = await startTestCore({
  setUp: true,
  plugins: {
    links: { path: join(root, 'plugins/links'), config: { checkInterval: '30s' } },
    sysinfo: { path: join(root, 'examples/plugin-sysinfo'), config: { interval: '5s' } },
    'uptime-kuma': { path: join(root, 'plugins/uptime-kuma'), config: { baseUrl: 'http://127.0.0.1:1', statusPages: ['home'] } },
    'search-films': { path: join(root, 'core/test-fixtures/plugins/search-films') },
    hello: { path: join(root, 'core/test-fixtures/plugins/hello') },
  },
});
const admin = await t.sessionCookie('admin', { id: 'ada', name: 'Ada' });
for (const [i, brand] of BRANDS.entries()) {
  const res = await t.request('/api/plugins/links/tiles', { method: 'POST', cookie: admin, json: { name: brand, url: targetUrl, group: ['Media', 'Home', 'Network', 'Tools'][i % 4], description: `App ${i + 1}`, icon: { kind: 'brand', value: brand } } });
  if (res.status !== 201) throw new Error(`tile ${brand}: ${res.status} ${res.text}`);
}
const manifest = await t.request('/api/ui/manifest', { cookie: admin });
const widgets = manifest.body.widgets.filter((w) => w.slot === 'dashboard').length;

const profile = await mkdtemp(join(tmpdir(), 'medianest-bench-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const [name, value] = admin.split(';')[0].split('=');
await browser.addCookies([{ name, value, url: t.url }]);
const page = await browser.newPage();
await page.setViewportSize({ width: 1280, height: 900 });
const cdp = await browser.newCDPSession(page);
await cdp.send('Network.enable');
await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
let bytes = 0;
let requests = 0;
cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; requests++; });

const started = Date.now();
await page.goto(t.url + '/#/');
// Finds the first element matching `sel` through every shadow root (runs in the page).
const found = ({ sel, digits }) => {
  const find = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.matches(sel)) return el;
      if (el.shadowRoot) { const f = find(el.shadowRoot); if (f) return f; }
    }
    return null;
  };
  const el = find(document);
  return el !== null && (!digits || /\d/.test(el.shadowRoot?.textContent ?? el.textContent ?? ''));
};
await page.waitForFunction(found, { sel: 'a.tile .dot[data-state="up"]' }, { timeout: 30_000 });
const tilesMs = Date.now() - started;
await page.waitForFunction(found, { sel: 'mn-sysinfo-load', digits: true }, { timeout: 30_000 });
const liveMs = Date.now() - started;
await page.waitForLoadState('networkidle');
await page.waitForTimeout(500);
const tiles = await page.evaluate(() => { let n = 0; const walk = (r) => { for (const el of r.querySelectorAll('*')) { if (el.matches('a.tile')) n++; if (el.shadowRoot) walk(el.shadowRoot); } }; walk(document); return n; });
console.log(`first dashboard load: ${tiles} tiles, ${widgets} widgets: ${(bytes / 1024).toFixed(1)} KB in ${requests} requests (compressed, cache off)`);
console.log(`time until the tiles show their dots: ${tilesMs} ms; until the server widget is filled in too: ${liveMs} ms`);
await browser.close();
await rm(profile, { recursive: true, force: true });
await t.stop();
target.close();
