// The flows the tests go through over HTTP, as the portal's pages would.
import type { TestCore } from '@medianest/sdk/testing';
import type { FakePlexAccount } from './fake-plextv.js';
import { codeOf, type Household } from './household.js';
import { cookieOf } from './harness.js';

type Request = TestCore['request'];

/** "Connect Plex" as the admin: PIN, approve as the owner, pick the server at its local address. */
export async function connectServer(request: Request, admin: string, h: Household, owner: FakePlexAccount): Promise<any> {
  const start = await request('/api/plugins/plex/admin/connect', { method: 'POST', cookie: admin });
  if (start.status !== 200) throw new Error(`connect answered ${start.status}: ${start.text}`);
  const pending = await request('/api/plugins/plex/admin/connect/check', { method: 'POST', cookie: admin, json: { pinId: start.body.pinId } });
  if (!pending.body.pending) throw new Error('the PIN was approved before anyone approved it');
  if (!h.plexTv.approve(codeOf(start.body.url), owner.id)) throw new Error('the fake did not know the PIN');
  const check = await request('/api/plugins/plex/admin/connect/check', { method: 'POST', cookie: admin, json: { pinId: start.body.pinId } });
  const server = check.body.servers[0];
  const res = await request('/api/plugins/plex/admin/server', { method: 'POST', cookie: admin, json: { machineIdentifier: server.machineIdentifier, uri: server.connections[0].uri } });
  if (res.status !== 200) throw new Error(`picking the server answered ${res.status}: ${res.text}`);
  return { start: start.body, check: check.body, picked: res.body };
}

/** Opens the Plex sign-in provider, new people created at once. */
export async function openProvider(request: Request, admin: string): Promise<void> {
  const res = await request('/api/admin/auth-providers/plex.plex', { method: 'PUT', cookie: admin, json: { open: true, newUsers: 'create' } });
  if (res.status !== 200) throw new Error(`opening the provider answered ${res.status}: ${res.text}`);
}

/** "Sign in with Plex" as `who` (from an invite link's page, given its token): the answer of the finishing call (a session cookie when it worked). */
export async function signInWithPlex(request: Request, h: Household, who: FakePlexAccount, invite?: string): Promise<{ status: number; body: any; cookie?: string }> {
  const start = await request('/api/auth/providers/plex.plex/start', { method: 'POST', ...(invite ? { json: { invite } } : {}) });
  if (start.status !== 200) return { status: start.status, body: start.body };
  const pending = await request('/api/auth/providers/plex.plex/finish', { method: 'POST', json: { flow: start.body.flow } });
  if (pending.status !== 202) return { status: pending.status, body: pending.body };
  h.plexTv.approve(codeOf(start.body.url), who.id);
  const done = await request('/api/auth/providers/plex.plex/finish', { method: 'POST', json: { flow: start.body.flow } });
  return { status: done.status, body: done.body, cookie: done.status === 200 ? cookieOf(done) : undefined };
}
