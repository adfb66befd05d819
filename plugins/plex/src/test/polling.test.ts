import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestCore, type TestCore } from '@medianest/sdk/testing';
import { connect, pluginDir } from './support/harness.js';
import { startFakePms, type FakePms } from './support/fake-pms.js';

// A server whose notification socket does not answer (an old server, a proxy that drops upgrades):
// now playing is read every interval instead, and open pages still hear of changes.
const TOKEN = 'manual-token-polling-0001';
let pms: FakePms;
let t: TestCore;

test.before(async () => {
  pms = await startFakePms({ tokens: { [TOKEN]: 1 }, websocket: false });
  t = await startTestCore({ setUp: true, plugins: { plex: { path: pluginDir, config: { serverUrl: pms.url, token: TOKEN, pollInterval: '2s', timeout: '2s' } } } });
});

test.after(async () => {
  await t?.stop();
  await pms?.close();
});

test('without the notification socket, now playing is polled and changes still reach open pages', async () => {
  const admin = await t.sessionCookie('admin');
  const first = await t.waitFor(async () => {
    const body = (await t.request('/api/plugins/plex/now-playing', { cookie: admin })).body;
    return body.checkedAt ? body : undefined;
  }, 8000, 'a first read');
  assert.is(first.mode, 'polling');
  const socket = await connect(t.url, admin);
  try {
    const heard = new Promise<void>((resolve) => socket.once('plex.now-playing', () => resolve()));
    pms.setSessions([{ user: { id: '1', title: 'owner' }, itemKey: '1000', state: 'playing', viewOffset: 60_000, bandwidth: 3000, player: 'TV' }]);
    await Promise.race([heard, new Promise((_, reject) => setTimeout(() => reject(new Error('no event within two intervals')), 4500))]);
    const np = (await t.request('/api/plugins/plex/now-playing', { cookie: admin })).body;
    assert.equal([np.mode, np.streams.length, np.streams[0].user.name], ['polling', 1, 'owner']);
  } finally {
    socket.close();
  }
});

test('a server entered by hand still has deep links (its machine identifier is asked once)', async () => {
  const user = await t.sessionCookie('user');
  const recent = (await t.request('/api/plugins/plex/recent', { cookie: user })).body;
  assert.match(recent.libraries[0].items[0].links.app, new RegExp(`/server/${pms.machineIdentifier}/details`));
  assert.ok((pms.hits.get('/identity') ?? 0) >= 1);
});

test.run();
