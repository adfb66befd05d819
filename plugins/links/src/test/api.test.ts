import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { startTestCore, type TestCore } from '@medianest/sdk/testing';

const pluginDir = fileURLToPath(new URL('../..', import.meta.url));
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPj/HwADAgH/eL9GtQAAAABJRU5ErkJggg==', 'base64');

const test = suite<{ t: TestCore; admin: string; uma: string; bob: string; target: Server; targetUrl: string }>('links: tiles, icons, uploads, import, dots, search');

test.before(async (ctx) => {
  ctx.target = createServer((_, res) => res.end('ok'));
  await new Promise<void>((r) => ctx.target.listen(0, '127.0.0.1', () => r()));
  ctx.targetUrl = `http://127.0.0.1:${(ctx.target.address() as { port: number }).port}/`;
  ctx.t = await startTestCore({ plugins: { links: { path: pluginDir, config: { checkInterval: '1s', checkTimeout: '1s' } } } });
  ctx.admin = await ctx.t.sessionCookie('admin', { id: 'a1', name: 'Ada' });
  ctx.uma = await ctx.t.sessionCookie('user', { id: 'u1', name: 'Uma' });
  ctx.bob = await ctx.t.sessionCookie('user', { id: 'u2', name: 'Bob' });
});
test.after(async (ctx) => {
  await ctx.t?.stop();
  ctx.target?.closeAllConnections();
  ctx.target?.close();
});

const add = (t: TestCore, cookie: string, tile: Record<string, unknown>) => t.request('/api/plugins/links/tiles', { method: 'POST', json: tile, cookie });

test('an admin adds a tile with a brand icon; its SVG is served alone with a year-long cache', async ({ t, admin, uma, targetUrl }) => {
  const res = await add(t, admin, { name: 'Plex', url: targetUrl, group: 'Media', icon: { kind: 'brand', value: 'Plex' } });
  assert.is(res.status, 201, res.text);
  assert.is(res.body.icon.value, 'plex');
  assert.match(res.body.iconUrl, /^\/api\/plugins\/links\/icons\/plex\.svg/);
  const svg = await fetch(t.url + res.body.iconUrl);
  assert.is(svg.headers.get('content-type'), 'image/svg+xml');
  assert.match(svg.headers.get('cache-control') ?? '', /max-age=31536000/);
  const text = await svg.text();
  assert.match(text, /^<svg[^>]*><title>Plex<\/title><path fill="#EBAF00" d="M[-0-9.,a-zA-Z ]{100,}"\/><\/svg>$/);
  const picker = await t.request('/api/plugins/links/icons?q=jellyf', { cookie: admin });
  assert.equal(picker.body.icons[0], { slug: 'jellyfin', title: 'Jellyfin', hex: '00A4DC' });
  assert.ok(text.length < 3000, 'one icon, not the package');
  const seen = await t.request('/api/plugins/links/tiles', { cookie: uma });
  assert.equal(seen.body.tiles.map((x: any) => x.name), ['Plex']);
  assert.is(seen.body.tiles[0].check.target, '', 'household members do not get check details');
});

test('bad tiles are refused with a message next to the field, and nothing is stored', async ({ t, admin, uma }) => {
  const noName = await add(t, admin, { name: '', url: 'ftp://x' });
  assert.is(noName.status, 400);
  assert.equal(noName.body.details.map((d: any) => d.field).sort(), ['name', 'url']);
  const brand = await add(t, admin, { name: 'X', url: 'http://x.home', icon: { kind: 'brand', value: 'no-such-brand-zz' } });
  assert.is(brand.status, 400);
  assert.match(brand.body.error, /No brand icon is called/);
  assert.is(brand.body.details[0].field, 'icon');
  assert.is((await add(t, uma, { name: 'Mine', url: 'http://x.home' })).status, 403);
  assert.is((await t.request('/api/plugins/links/admin/tiles', { cookie: admin })).body.tiles.length, 1);
});

test('an uploaded image is checked by its bytes, bounded in size and served with long-cache headers', async ({ t, admin }) => {
  const fake = await t.request('/api/plugins/links/images', { method: 'POST', cookie: admin, json: { data: Buffer.from('<svg onload=alert(1)>').toString('base64') } });
  assert.is(fake.status, 400);
  assert.match(fake.body.error, /not a PNG, JPEG/);
  const big = await t.request('/api/plugins/links/images', { method: 'POST', cookie: admin, json: { data: Buffer.concat([PNG, Buffer.alloc(300 * 1024)]).toString('base64') } });
  assert.is(big.status, 400);
  const ok = await t.request('/api/plugins/links/images', { method: 'POST', cookie: admin, json: { data: PNG.toString('base64') } });
  assert.is(ok.status, 201, ok.text);
  const tile = await add(t, admin, { name: 'Router', url: 'http://192.0.2.1/', icon: { kind: 'image', value: ok.body.id }, check: { kind: 'none' } });
  assert.is(tile.status, 201, tile.text);
  const img = await fetch(t.url + tile.body.iconUrl, { headers: { cookie: admin } });
  assert.is(img.status, 200);
  assert.is(img.headers.get('content-type'), 'image/png');
  assert.match(img.headers.get('cache-control') ?? '', /immutable/);
  assert.ok(Buffer.from(await img.arrayBuffer()).equals(PNG));
});

test('who sees a tile: admins only, or chosen people', async ({ t, admin, uma, bob }) => {
  assert.is((await add(t, admin, { name: 'Proxmox', url: 'https://pve.home:8006', audience: 'admins', check: { kind: 'none' } })).status, 201);
  assert.is((await add(t, admin, { name: 'Home Assistant', url: 'http://ha.home:8123', audience: 'people', people: ['u1'], icon: { kind: 'brand', value: 'home assistant' }, check: { kind: 'none' } })).status, 201);
  const names = async (cookie: string) => (await t.request('/api/plugins/links/tiles', { cookie })).body.tiles.map((x: any) => x.name).sort();
  assert.equal(await names(uma), ['Home Assistant', 'Plex', 'Router']);
  assert.equal(await names(bob), ['Plex', 'Router']);
  assert.ok((await names(admin)).includes('Proxmox'));
  const search = await t.request('/api/search?q=home', { cookie: bob });
  assert.not.ok(JSON.stringify(search.body).includes('Home Assistant'), 'search respects who sees a tile');
  const umaSearch = await t.request('/api/search?q=home', { cookie: uma });
  const apps = umaSearch.body.groups.find((g: any) => g.plugin === 'links');
  assert.equal(apps.results.map((r: any) => r.title), ['Home Assistant']);
  assert.is(apps.results[0].href, 'http://ha.home:8123');
});

test('the dot is green while the target answers and red with the reason once it stops', async ({ t, admin, uma, target }) => {
  const plex = (await t.request('/api/plugins/links/admin/tiles', { cookie: admin })).body.tiles.find((x: any) => x.name === 'Plex');
  await t.waitFor(async () => (await t.request('/api/plugins/links/status', { cookie: uma })).body.statuses[plex.id]?.state === 'up', 5000, 'a green dot');
  target.closeAllConnections();
  await new Promise((r) => target.close(r));
  const down = await t.waitFor(async () => {
    const s = (await t.request('/api/plugins/links/status', { cookie: admin })).body.statuses[plex.id];
    return s?.state === 'down' ? s : undefined;
  }, 8000, 'a red dot');
  assert.match(down.reason, /connection refused/);
  const forUma = (await t.request('/api/plugins/links/status', { cookie: uma })).body.statuses[plex.id];
  assert.is(forUma.state, 'down');
  assert.is(forUma.reason, '', 'the reason is for admins');
});

test("Homepage's services.yaml comes across: groups, names, links, icons, monitors; twice adds nothing", async ({ t, admin }) => {
  const yaml = `
- Media:
    - Jellyfin:
        href: http://jellyfin.home:8096
        description: Films and shows
        icon: jellyfin.png
        siteMonitor: http://jellyfin.home:8096/health
    - Sonarr:
        href: http://sonarr.home:8989
        icon: si-sonarr
        widget:
          type: sonarr
          key: secretkey
- Network:
    - Router:
        href: http://192.168.1.1
        icon: https://example.com/router.png
        ping: 192.168.1.1
    - Broken: { description: no address }
`;
  const preview = await t.request('/api/plugins/links/import', { method: 'POST', cookie: admin, json: { yaml, dryRun: true } });
  assert.is(preview.status, 200, preview.text);
  assert.equal(preview.body.tiles.map((x: any) => `${x.group}/${x.name}`), ['Media/Jellyfin', 'Media/Sonarr', 'Network/Router']);
  const before = (await t.request('/api/plugins/links/admin/tiles', { cookie: admin })).body.tiles.length;
  const done = await t.request('/api/plugins/links/import', { method: 'POST', cookie: admin, json: { yaml } });
  assert.is(done.body.added, 3);
  const tiles = (await t.request('/api/plugins/links/admin/tiles', { cookie: admin })).body.tiles;
  assert.is(tiles.length, before + 3);
  const jf = tiles.find((x: any) => x.name === 'Jellyfin');
  assert.equal([jf.group, jf.icon.kind, jf.icon.value, jf.check.kind, jf.check.target], ['Media', 'brand', 'jellyfin', 'http', 'http://jellyfin.home:8096/health']);
  const router = tiles.find((x: any) => x.name === 'Router' && x.group === 'Network');
  assert.equal([router.icon.kind, router.check.kind, router.check.target], ['letter', 'tcp', '192.168.1.1:80']);
  assert.ok(done.body.notes.some((n: string) => /Broken.*no http/.test(n)));
  assert.ok(done.body.notes.some((n: string) => /Sonarr.*widget/.test(n)));
  assert.not.match(JSON.stringify(done.body), /secretkey/);
  const again = await t.request('/api/plugins/links/import', { method: 'POST', cookie: admin, json: { yaml } });
  assert.is(again.body.added, 0);
  const bad = await t.request('/api/plugins/links/import', { method: 'POST', cookie: admin, json: { yaml: 'a: [b' } });
  assert.is(bad.status, 400);
  assert.match(bad.body.error, /not valid YAML/);
});

test('the web search engine the admin picked is given to the search box', async ({ t, uma }) => {
  const res = await t.request('/api/plugins/links/web-search', { cookie: uma });
  assert.equal(res.body.engine, { name: 'DuckDuckGo', url: 'https://duckduckgo.com/?q=%s' });
});

test.run();
