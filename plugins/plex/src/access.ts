// Whether a Plex account may use the connected server: its owner, or someone it is shared with.
import type { Connection } from './connection.js';
import type { PmsClient } from './pms-client.js';
import type { PlexTvClient } from './plextv-client.js';

/** The connected server as sign-in needs it. */
export interface AccessTarget {
  name: string;
  machineIdentifier: string;
  ownerPlexId?: number;
}

export class AccessCheck {
  constructor(private readonly connection: Connection, private readonly pms: PmsClient, private readonly plexTv: PlexTvClient) {}

  /** The server people sign in to; its machine identifier is asked of the server when it was entered by hand. */
  async target(signal?: AbortSignal): Promise<AccessTarget> {
    const server = await this.connection.active();
    const stored = await this.connection.stored();
    if (!server.manual && stored) return { name: stored.name, machineIdentifier: stored.machineIdentifier, ownerPlexId: stored.ownerPlexId };
    const root = await this.pms.root(server, signal);
    const machineIdentifier = root.machineIdentifier || (await this.pms.identity(server, signal)).machineIdentifier;
    return { name: root.friendlyName, machineIdentifier };
  }

  /**
   * True when `plexId` (whose own token is `userToken`) owns `target` or has it shared with them.
   * Their own /api/v2/resources answers first (it also covers Plex Home and managed users); then the
   * admin's /api/users, which lists friends and the servers shared with each (as Overseerr does).
   */
  async allows(target: AccessTarget, plexId: number, userToken: string | undefined, signal?: AbortSignal): Promise<{ allowed: boolean; serverToken?: string }> {
    let serverToken: string | undefined;
    if (userToken) {
      const resources = await this.plexTv.resources(userToken, signal);
      const server = resources.find((r) => r.clientIdentifier === target.machineIdentifier && r.provides.split(',').includes('server'));
      // The token plex.tv lists for the server is what opens it for this person (their own on-deck).
      if (server) return { allowed: true, serverToken: server.accessToken || userToken };
    }
    if (target.ownerPlexId !== undefined && plexId === target.ownerPlexId) return { allowed: true, serverToken };
    const adminToken = await this.connection.adminToken();
    if (!adminToken) return { allowed: false };
    const friends = await this.plexTv.sharedUsers(adminToken, signal);
    return { allowed: friends.some((f) => f.id === plexId && f.serverIds.includes(target.machineIdentifier)), serverToken };
  }
}
