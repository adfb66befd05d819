import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fileURLToPath } from 'node:url';
import type { Socket } from 'socket.io-client';
import { startTestCore, type TestCore } from '@medianest/sdk/testing';
import { FakeOverseerr } from './support/fake-overseerr.js';
import { ADA, TOM, UMA, collect, connect, pluginDir } from './support/harness.js';

// Requests as each person's own Overseerr user, on the real core (PostgreSQL, Redis, HTTP,
// socket.io), linked through a stand-in of the Plex plugin's plex.identity service.
const plexStandIn = fileURLToPath(new URL('../../test-fixtures/plex-identity', import.meta.url));
let t: TestCore;
let fake: FakeOverseerr;
let uma: string;
let tom: string;
let ada: string;
let admin: string;
let umaSocket: Socket;
let adminSocket: Socket;
const test = suite('overseerr: requesting as yourself');

test.before(async () => {
  fake = await FakeOverseerr.start();
  t = await startTestCore({
    plugins: {
      plex: { path: plexStandIn, config: { identities: { [UMA.id]: { plexId: 1002, username: 'uma', email: 'uma@home.lan' }, [TOM.id]: { plexId: 9999, username: 'tommy', email: 'TOM@home.lan' } } } },
      overseerr: { path: pluginDir, config: { baseUrl: fake.url, apiKey: fake.apiKey, pollInterval: '1h', timeout: '2s' } },
    },
  });
  uma = await t.sessionCookie('user', UMA);
  tom = await t.sessionCookie('user', TOM);
  ada = await t.sessionCookie('user', ADA);
  admin = await t.sessionCookie('admin', { id: 'u-admin', name: 'Admin' });
  umaSocket = await connect(t.url, uma);
  adminSocket = await connect(t.url, admin);
});
test.after(async () => {
  umaSocket?.close();
  adminSocket?.close();
  await t?.stop();
  await fake?.stop();
});

test('a person is linked by their Plex account and sees their quota before requesting', async () => {
  const me = await t.request('/api/plugins/overseerr/me', { cookie: uma });
  assert.is(me.status, 200, me.text);
  assert.is(me.body.linked, true);
  assert.is(me.body.overseerrUser, 'uma');
  assert.is(me.body.quota.movie.line, '5 of 5 film requests left this week');
  assert.is(me.body.quota.tv, null, 'no show quota: nothing to show');
  assert.equal(me.body.fourK, { movie: true, tv: false });
  assert.is(me.body.flavor, 'Overseerr');
});

test('without a Plex match, the email links them; without either, they are told to ask an admin and can still search', async () => {
  const tomMe = await t.request('/api/plugins/overseerr/me', { cookie: tom });
  assert.is(tomMe.body.linked, true, 'TOM@home.lan matches tom@home.lan');
  const adaMe = await t.request('/api/plugins/overseerr/me', { cookie: ada });
  assert.is(adaMe.body.linked, false);
  assert.is(adaMe.body.message, "Your account isn't linked to Overseerr yet; ask an admin");
  const found = await t.request('/api/plugins/overseerr/search?q=matrix', { cookie: ada });
  assert.is(found.status, 200, found.text);
  assert.equal(found.body.results.map((r: any) => r.title), ['The Matrix', 'The Matrix Reloaded']);
  assert.is(found.body.results[0].year, 1999);
  assert.is(found.body.results[0].posterUrl, 'https://image.tmdb.org/t/p/w342/matrix.jpg');
  assert.is(found.body.results[0].availability, 'none');
  const refused = await t.request('/api/plugins/overseerr/requests', { method: 'POST', cookie: ada, json: { mediaType: 'movie', tmdbId: 603 } });
  assert.is(refused.status, 403);
  assert.is(refused.body.error, "Your account isn't linked to Overseerr yet; ask an admin");
  assert.is(fake.callsTo('/request', 'POST').length, 0, 'nothing was sent to Overseerr');
});

test('a request is made as the person (X-Api-User, never body userId), pending, and shows in My requests and live', async () => {
  const live = collect(umaSocket, 'overseerr.request');
  const made = await t.request('/api/plugins/overseerr/requests', { method: 'POST', cookie: uma, json: { mediaType: 'movie', tmdbId: 603 } });
  assert.is(made.status, 201, made.text);
  assert.is(made.body.request.state, 'pending');
  assert.is(made.body.request.title, 'The Matrix');
  assert.is(made.body.message, 'Requested: an admin will look at it soon');
  const [sent] = fake.callsTo('/request', 'POST');
  assert.is(sent!.apiUser, '2', 'X-Api-User is Uma');
  assert.is(sent!.apiKey, fake.apiKey);
  assert.equal(sent!.body, { mediaType: 'movie', mediaId: 603 });
  assert.is(fake.requests[0]!.requestedBy, 2);
  assert.is(fake.requests[0]!.status, 1, "Overseerr applied Uma's own rules: pending, not the admin's auto-approval");
  await t.waitFor(() => live.length > 0, 3000, 'the live event');
  assert.is(live[0].request.state, 'pending');
  const mine = await t.request('/api/plugins/overseerr/requests/mine', { cookie: uma });
  assert.equal(mine.body.requests.map((r: any) => [r.title, r.state]), [['The Matrix', 'pending']]);
  const search = await t.request('/api/plugins/overseerr/search?q=the%20matrix&page=1', { cookie: tom });
  assert.ok(search.body.results.length >= 1);
});

test('a duplicate is "Already requested"; quota and 4K refusals are in plain words', async () => {
  const again = await t.request('/api/plugins/overseerr/requests', { method: 'POST', cookie: uma, json: { mediaType: 'movie', tmdbId: 603 } });
  assert.is(again.status, 409);
  assert.is(again.body.error, 'Already requested: it is in the list and on its way');
  const first = await t.request('/api/plugins/overseerr/requests', { method: 'POST', cookie: tom, json: { mediaType: 'movie', tmdbId: 604 } });
  assert.is(first.status, 201, first.text);
  const over = await t.request('/api/plugins/overseerr/requests', { method: 'POST', cookie: tom, json: { mediaType: 'movie', tmdbId: 105 } });
  assert.is(over.status, 403);
  assert.is(over.body.error, 'You have used your 1 film request this week; ask an admin if you need more');
  const fourK = await t.request('/api/plugins/overseerr/requests', { method: 'POST', cookie: uma, json: { mediaType: 'movie', tmdbId: 105, is4k: true } });
  assert.is(fourK.status, 403);
  assert.is(fourK.body.error, 'Your Overseerr account may not request this in 4K; ask an admin');
  const tomMe = await t.request('/api/plugins/overseerr/me', { cookie: tom });
  assert.is(tomMe.body.quota.movie.line, '0 of 1 film requests left this week');
});

test('chosen seasons of a show; asking again for the same seasons says so', async () => {
  const details = await t.request('/api/plugins/overseerr/titles/tv/1399', { cookie: uma });
  assert.is(details.status, 200, details.text);
  assert.equal(details.body.seasons.map((s: any) => s.seasonNumber), [1, 2, 3], 'specials are left out');
  assert.is(details.body.fourK, false, 'the server offers no 4K shows');
  const made = await t.request('/api/plugins/overseerr/requests', { method: 'POST', cookie: uma, json: { mediaType: 'tv', tmdbId: 1399, seasons: [1, 2] } });
  assert.is(made.status, 201, made.text);
  assert.equal(made.body.request.seasons, [1, 2]);
  assert.equal(fake.callsTo('/request', 'POST').at(-1)!.body, { mediaType: 'tv', mediaId: 1399, seasons: [1, 2] });
  const again = await t.request('/api/plugins/overseerr/requests', { method: 'POST', cookie: uma, json: { mediaType: 'tv', tmdbId: 1399, seasons: [2, 1] } });
  assert.is(again.status, 409);
  assert.is(again.body.error, 'Those seasons are already available or requested; pick others');
  const none = await t.request('/api/plugins/overseerr/requests', { method: 'POST', cookie: uma, json: { mediaType: 'tv', tmdbId: 1399 } });
  assert.is(none.status, 400);
  assert.is(none.body.error, 'Choose at least one season');
  const bad = await t.request('/api/plugins/overseerr/requests', { method: 'POST', cookie: uma, json: { mediaType: 'book', tmdbId: 'x' } });
  assert.is(bad.status, 400);
  assert.match(bad.body.error, /Choose a film \(movie\) or a show \(tv\)/);
  assert.match(bad.body.error, /Pick a title from the search results/);
  assert.not.match(bad.body.error, /enum|pattern|must be|body\./);
});

test('My requests lists newest first', async () => {
  const mine = await t.request('/api/plugins/overseerr/requests/mine', { cookie: uma });
  assert.equal(mine.body.requests.map((r: any) => r.title), ['Game of Thrones', 'The Matrix']);
});

test("an admin sees everyone's pending requests, approves one, and the requester's page hears it at once", async () => {
  const pending = await t.request('/api/plugins/overseerr/requests/pending', { cookie: admin });
  assert.is(pending.status, 200, pending.text);
  assert.equal(pending.body.requests.map((r: any) => `${r.requester}: ${r.title}`), ['uma: Game of Thrones', 'tom: The Matrix Reloaded', 'uma: The Matrix']);
  assert.is((await t.request('/api/plugins/overseerr/requests/pending', { cookie: uma })).status, 403, 'members may not');
  const counts = await t.request('/api/plugins/overseerr/counts', { cookie: admin });
  assert.equal([counts.body.pending, counts.body.approved, counts.body.issues], [3, 0, 1]);
  const live = collect(umaSocket, 'overseerr.request');
  const adminLive = collect(adminSocket, 'overseerr.counts-changed');
  const matrix = pending.body.requests.find((r: any) => r.title === 'The Matrix');
  const approved = await t.request(`/api/plugins/overseerr/requests/${matrix.id}/approve`, { method: 'POST', cookie: admin });
  assert.is(approved.status, 200, approved.text);
  assert.is(approved.body.request.state, 'approved');
  assert.is(approved.body.message, 'Approved: The Matrix');
  await t.waitFor(() => live.some((e) => e.request.id === matrix.id && e.request.state === 'approved'), 3000, "Uma's live event");
  await t.waitFor(() => adminLive.length > 0, 3000, 'the counts event for admins');
  const after = await t.request('/api/plugins/overseerr/counts', { cookie: admin });
  assert.equal([after.body.pending, after.body.approved], [2, 1], 'the counts are not the cached ones');
});

test('an admin links someone on the mapping page', async () => {
  const people = await t.request('/api/plugins/overseerr/people', { cookie: admin });
  const adaRow = people.body.people.find((p: any) => p.userId === ADA.id);
  assert.is(adaRow.overseerrUserId, null);
  const linked = await t.request(`/api/plugins/overseerr/people/${ADA.id}`, { method: 'PUT', cookie: admin, json: { overseerrUserId: 3 } });
  assert.is(linked.status, 204, linked.text);
  const wrong = await t.request(`/api/plugins/overseerr/people/${ADA.id}`, { method: 'PUT', cookie: admin, json: { overseerrUserId: 77 } });
  assert.is(wrong.status, 404);
  assert.is(wrong.body.error, 'That Overseerr user no longer exists; reload the page');
  assert.is((await t.request('/api/plugins/overseerr/me', { cookie: ada })).body.linked, true);
});

test('the plugin sent Overseerr only what its spec allows, and got only what it allows', async () => {
  assert.equal(fake.violations, []);
  assert.ok(fake.calls.every((c) => !('userId' in (c.body ?? {}))), 'never the body userId shortcut');
});

test.run();
