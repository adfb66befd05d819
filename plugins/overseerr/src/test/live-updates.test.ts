import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Socket } from 'socket.io-client';
import type { TestCore } from '@medianest/sdk/testing';
import { FakeOverseerr } from './support/fake-overseerr.js';
import { UMA, collect, connect, startWithFake } from './support/harness.js';

// A decision made in Overseerr itself reaches the requester's open page: through the webhook, and
// with no webhook, through the one poll for everybody.
let fake: FakeOverseerr;
const test = suite('overseerr: live updates');

/** A core, Uma linked by the admin, one pending request of hers, and her live socket. */
async function setUp(config: Record<string, unknown>) {
  await fake?.stop();
  fake = await FakeOverseerr.start();
  const t = await startWithFake(fake, config);
  const uma = await t.sessionCookie('user', UMA);
  const admin = await t.sessionCookie('admin', { id: 'u-admin', name: 'Admin' });
  await t.request('/api/plugins/overseerr/me', { cookie: uma });
  const link = await t.request(`/api/plugins/overseerr/people/${UMA.id}`, { method: 'PUT', cookie: admin, json: { overseerrUserId: 2 } });
  assert.is(link.status, 204, link.text);
  const made = await t.request('/api/plugins/overseerr/requests', { method: 'POST', cookie: uma, json: { mediaType: 'movie', tmdbId: 105 } });
  assert.is(made.status, 201, made.text);
  // My requests once: its first look at Overseerr for older requests is behind us.
  assert.is((await t.request('/api/plugins/overseerr/requests/mine', { cookie: uma })).body.requests.length, 1);
  const socket = await connect(t.url, uma);
  return { t, uma, admin, socket, id: made.body.request.id as number };
}

/** Overseerr's default webhook body for a request event: every value a string. */
const body = (type: string, requestId: number, status = 'PENDING') => ({
  notification_type: type,
  event: 'Movie Request Approved',
  subject: 'Back to the Future (1985)',
  message: 'A teenager is sent thirty years into the past.',
  image: 'https://image.tmdb.org/t/p/w600_and_h900_bestv2/bttf.jpg',
  media: { media_type: 'movie', tmdbId: '105', tvdbId: '', status, status4k: 'UNKNOWN' },
  request: { request_id: String(requestId), requestedBy_email: 'uma@home.lan', requestedBy_username: 'uma', requestedBy_avatar: '', requestedBy_settings_discordId: '', requestedBy_settings_telegramChatId: '' },
  issue: null,
  comment: null,
  extra: [],
});

test.after(async () => {
  await fake?.stop();
});

test('the webhook: a wrong or missing header is 401 and changes nothing; the right one pushes the approval to the requester', async () => {
  const { t, uma, admin, socket, id } = await setUp({ pollInterval: '1h' });
  let s: Socket | undefined = socket;
  try {
    const info = await t.request('/api/plugins/overseerr/webhook', { cookie: admin });
    assert.is(info.status, 200, info.text);
    assert.is(info.body.path, '/api/plugins/overseerr/webhook');
    assert.match(info.body.authorization, /^Bearer mnw_[A-Za-z0-9_-]{43}$/);
    assert.is((await t.request('/api/plugins/overseerr/webhook', { cookie: uma })).status, 403, 'members never see the header');
    const events = collect(socket, 'overseerr.request');
    fake.decide(id, 2);
    const post = (headers: Record<string, string>, json: unknown) => t.request('/api/plugins/overseerr/webhook', { method: 'POST', csrf: false, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(json) });

    const callsBefore = fake.calls.length;
    for (const headers of <Record<string, string>[]>[{ authorization: 'Bearer mnw_wrong' }, { authorization: info.body.authorization.slice(0, -1) + 'x' }]) {
      const refused = await post(headers, body('MEDIA_APPROVED', id, 'PROCESSING'));
      assert.is(refused.status, 401, JSON.stringify(headers));
      assert.match(refused.body.error, /Authorization header/);
    }
    // No header at all: the core's CSRF guard refuses it before the plugin (a cookie-less call needs a bearer token).
    assert.is((await post({}, body('MEDIA_APPROVED', id, 'PROCESSING'))).status, 403);
    assert.is((await post({ authorization: 'Basic YWRtaW46YWRtaW4=' }, body('MEDIA_APPROVED', id, 'PROCESSING'))).status, 403);
    await new Promise((r) => setTimeout(r, 500));
    assert.is(fake.calls.length, callsBefore, 'nothing was asked of Overseerr');
    assert.equal(events, [], 'nothing was pushed');
    assert.is((await t.request('/api/plugins/overseerr/requests/mine', { cookie: uma })).body.requests[0].state, 'pending');

    const malformed = await post({ authorization: info.body.authorization }, { notification_type: 'MEDIA_APPROVED', request: { request_id: 'twelve' } });
    assert.is(malformed.status, 400);
    assert.is(malformed.body.error, "This is not a webhook body MediaNest understands (/request/request_id must be a number (in quotes, as Overseerr sends it)); paste the JSON payload shown in MediaNest into Overseerr");
    const notObject = await post({ authorization: info.body.authorization }, ['MEDIA_APPROVED']);
    assert.is(notObject.status, 400);

    const ok = await post({ authorization: info.body.authorization }, body('MEDIA_APPROVED', id, 'PROCESSING'));
    assert.is(ok.status, 202, ok.text);
    await t.waitFor(() => events.length > 0, 10_000, 'the approval pushed to Uma');
    assert.is(events[0].request.state, 'approved', 'read from Overseerr, not from the body');
    assert.is(events[0].previous, 'pending', JSON.stringify(events));
    assert.is(fake.callsTo(`/request/${id}`, 'GET').length, 1);

    const replay = await post({ authorization: info.body.authorization }, body('MEDIA_APPROVED', id, 'PROCESSING'));
    assert.is(replay.status, 200);
    assert.is(replay.body.duplicate, true);
    // A later event for the same request is not a replay: it is read again, and changes nothing twice.
    const test = await post({ authorization: info.body.authorization }, { notification_type: 'TEST_NOTIFICATION', subject: 'Test Notification', media: null, request: null, issue: null });
    assert.is(test.status, 200);
    assert.is(test.body.test, true);
    await new Promise((r) => setTimeout(r, 800));
    assert.is(events.length, 1, 'one change, one push');
    const infoAfter = await t.request('/api/plugins/overseerr/webhook', { cookie: admin });
    assert.is(infoAfter.body.lastDelivery.event, 'TEST_NOTIFICATION');
  } finally {
    s?.close();
    s = undefined;
    await t.stop();
  }
});

test('without a webhook the poll finds the decision and the media becoming available, once for everybody', async () => {
  const { t, uma, socket, id } = await setUp({ pollInterval: '2s' });
  try {
    const events = collect(socket, 'overseerr.request');
    const second = await connect(t.url, uma);
    const secondEvents = collect(second, 'overseerr.request');
    fake.decide(id, 2);
    await t.waitFor(() => events.some((e) => e.request.state === 'approved'), 15_000, 'the poll to find the approval');
    fake.startProcessing(105);
    await t.waitFor(() => events.some((e) => e.request.state === 'processing'), 15_000, 'the poll to find it processing');
    fake.makeAvailable(105);
    await t.waitFor(() => events.some((e) => e.request.state === 'available'), 15_000, 'the poll to find it available');
    assert.equal(events.map((e) => e.request.state), ['approved', 'processing', 'available'], 'each change once');
    assert.equal(secondEvents.map((e) => e.request.state), ['approved', 'processing', 'available'], 'every open page of hers');
    second.close();
    const mine = await t.request('/api/plugins/overseerr/requests/mine', { cookie: uma });
    assert.is(mine.body.requests[0].state, 'available');
    // Each poll costs two list calls, whatever the number of open pages.
    const polls = fake.callsTo('/request', 'GET').filter((c) => c.query.filter === 'unavailable').length;
    const lists = fake.callsTo('/request', 'GET').filter((c) => !c.query.requestedBy).length;
    assert.ok(polls >= 3);
    assert.is(lists, polls * 2);
    assert.equal(fake.violations, []);
  } finally {
    socket.close();
    await t.stop();
  }
});

test.run();
