import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestCore, type TestCore } from '@medianest/sdk/testing';
import { Prism } from './support/prism.js';
import { UMA, pluginDir } from './support/harness.js';

// The plugin against Overseerr's own spec, judged by Stoplight Prism's validator rather than ours:
// every call the plugin's routes make must be one Prism accepts (it answers 422 otherwise).
let t: TestCore;
let prism: Prism;
let uma: string;
let admin: string;
const test = suite('overseerr client against Prism (the spec\'s own mock and validator)');

test.before(async () => {
  prism = await Prism.start();
  t = await startTestCore({ plugins: { overseerr: { path: pluginDir, config: { baseUrl: prism.url, apiKey: 'prism-api-key-0123456789abcdef', pollInterval: '1h', timeout: '5s' } } } });
  uma = await t.sessionCookie('user', UMA);
  admin = await t.sessionCookie('admin', { id: 'u-admin', name: 'Admin' });
});
test.after(async () => {
  await t?.stop();
  await prism?.stop();
});

test('Prism refuses a request that breaks the spec (so passing below means something)', async () => {
  const res = await fetch(`${prism.url}/api/v1/request`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'k' }, body: JSON.stringify({ mediaType: 'film', mediaId: 'x', userId: 'me' }) });
  assert.is(res.status, 422);
  assert.match(await res.text(), /mediaType must be equal to one of the allowed values/);
});

test('every route of the plugin makes only calls Prism accepts', async () => {
  prism.calls.length = 0; // the refused call above was ours
  const ok = async (path: string, init: Record<string, unknown> = {}) => {
    const res = await t.request(path, init as any);
    assert.ok(res.status < 300, `${path} answered ${res.status}: ${res.text}`);
    return res.body;
  };
  await ok('/api/plugins/overseerr/me', { cookie: uma });
  const people = await ok('/api/plugins/overseerr/people', { cookie: admin });
  const someone = people.overseerrUsers[0];
  assert.ok(someone, 'the spec\'s example user');
  await ok(`/api/plugins/overseerr/people/${UMA.id}`, { method: 'PUT', cookie: admin, json: { overseerrUserId: someone.id } });
  const me = await ok('/api/plugins/overseerr/me', { cookie: uma });
  assert.is(me.linked, true);
  await ok('/api/plugins/overseerr/search?q=mulan%20%26%20co', { cookie: uma });
  await ok('/api/plugins/overseerr/titles/movie/337401', { cookie: uma });
  await ok('/api/plugins/overseerr/titles/tv/76479', { cookie: uma });
  const made = await ok('/api/plugins/overseerr/requests', { method: 'POST', cookie: uma, json: { mediaType: 'tv', tmdbId: 76479, seasons: [1, 2], is4k: true } });
  await ok('/api/plugins/overseerr/requests/mine', { cookie: uma });
  await ok('/api/plugins/overseerr/requests/pending', { cookie: admin });
  await ok(`/api/plugins/overseerr/requests/${made.request.id}/approve`, { method: 'POST', cookie: admin });
  await ok(`/api/plugins/overseerr/requests/${made.request.id}/decline`, { method: 'POST', cookie: admin });
  await ok('/api/plugins/overseerr/counts', { cookie: admin });
  const test = await t.request('/api/admin/plugins/overseerr/settings/test', { method: 'POST', cookie: admin, json: { settings: { baseUrl: prism.url, apiKey: 'prism-api-key-0123456789abcdef' } } });
  assert.is(test.body.ok, true, test.text);

  const refused = prism.calls.filter((c) => c.status >= 400);
  assert.equal(refused.map((c) => `${c.method} ${c.path} → ${c.status}: ${c.body.slice(0, 300)}`), []);
  const seen = new Set(prism.calls.map((c) => `${c.method} ${c.path.split('?')[0]!.replace(/\/\d+/g, '/{id}')}`));
  for (const op of ['GET /status', 'GET /settings/public', 'GET /auth/me', 'GET /user', 'GET /user/{id}/quota', 'GET /search', 'GET /movie/{id}', 'GET /tv/{id}', 'POST /request', 'GET /request', 'POST /request/{id}/approve', 'POST /request/{id}/decline', 'GET /request/count', 'GET /issue/count']) {
    assert.ok(seen.has(op), `${op} was exercised (seen: ${[...seen].join(', ')})`);
  }
  const post = prism.calls.find((c) => c.method === 'POST' && c.path === '/request')!;
  assert.is(post.apiUser, String(someone.id), 'the request went as the person');
});

test.run();
