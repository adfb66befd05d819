// The Plex household of the tests: the owner (the admin), a friend the server is shared with, someone
// it is not shared with; a fake plex.tv that knows them and a fake server that accepts their tokens.
import { startFakePlexTv, type FakePlexAccount, type FakePlexTv } from './fake-plextv.js';
import { startFakePms, type FakePms, type FakePmsOptions } from './fake-pms.js';

export const OWNER: FakePlexAccount = { id: 1001, username: 'owner', email: 'owner@example.org', token: 'owner-account-token-aaaa1111', title: 'The Owner' };
export const BOB: FakePlexAccount = { id: 2002, username: 'bob', email: 'bob@example.org', token: 'bob-account-token-bbbb2222', title: 'Bob' };
export const EVE: FakePlexAccount = { id: 3003, username: 'eve', email: 'eve@example.org', token: 'eve-account-token-eeee3333', title: 'Eve' };

export interface Household {
  plexTv: FakePlexTv;
  pms: FakePms;
  /** Every token of the run: none may appear in any answer MediaNest gives. */
  secrets: string[];
  close(): Promise<void>;
}

export async function startHousehold(pmsOptions: Partial<FakePmsOptions> = {}, plexTvOptions: { usersXml?: boolean; sharedInResources?: boolean } = {}): Promise<Household> {
  const serverTokens: Record<string, number> = { [OWNER.token]: OWNER.id };
  // A shared user opens the server with the access token plex.tv lists in their resources.
  for (const a of [OWNER, BOB, EVE]) serverTokens[`server-token-for-${a.id}`] = a.id;
  const pms = await startFakePms({ tokens: serverTokens, ...pmsOptions });
  const plexTv = await startFakePlexTv({
    accounts: [OWNER, BOB, EVE],
    ownerId: OWNER.id,
    server: { name: pms.name, machineIdentifier: pms.machineIdentifier, uri: pms.url, version: '1.41.3.9314-a0bfb8370' },
    sharedWith: [BOB.id],
    ...plexTvOptions,
  });
  return {
    plexTv,
    pms,
    secrets: [...Object.keys(serverTokens)],
    close: async () => {
      await plexTv.close();
      await pms.close();
    },
  };
}

/** The PIN code in an app.plex.tv auth URL. */
export function codeOf(url: string): string {
  const hash = new URL(url).hash.replace(/^#!?\??/, '');
  return new URLSearchParams(hash).get('code') ?? '';
}
