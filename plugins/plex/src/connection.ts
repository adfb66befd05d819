// Which Plex Media Server the plugin talks to, with which token: typed in by hand in the settings, or
// picked after "Connect Plex" (kept in plex_settings, the token sealed with the portal's key).
import { randomBytes, randomUUID } from 'node:crypto';
import type { PluginContext } from '@medianest/sdk';
import type { PlexConfig } from './config.js';
import { PlexError } from './plex-errors.js';
import { PlexSetting } from './tables.js';
import type { ServerAccess } from './pms-client.js';
import { PosterSigner } from './posters.js';

/** The server picked after "Connect Plex". */
export interface ConnectedServer {
  name: string;
  machineIdentifier: string;
  uri: string;
  version?: string;
  /** The admin's Plex account, who connected it. */
  ownerPlexId?: number;
  ownerUsername?: string;
}

/** What requests to the server need, and what the plugin knows of it. */
export interface ActiveServer extends ServerAccess {
  name: string;
  machineIdentifier?: string;
  manual: boolean;
}

interface Stored extends ConnectedServer {
  /** Opens the server (for a shared server, the access token plex.tv lists for it). */
  tokenSealed: string;
  /** The admin's plex.tv account token: asks plex.tv who the server is shared with. */
  accountTokenSealed?: string;
}

export class Connection {
  constructor(private readonly ctx: PluginContext<PlexConfig>) {}

  private async read(key: string): Promise<string | undefined> {
    return (await this.ctx.store.em().findOne(PlexSetting, { key }))?.value;
  }

  private async write(key: string, value: string): Promise<void> {
    await this.ctx.store.em().upsert(PlexSetting, { key, value, updatedAt: new Date() });
  }

  // Made once by whichever process asks first; every process then reads the same value.
  private async once(key: string, make: () => string): Promise<string> {
    const found = await this.read(key);
    if (found) return found;
    await this.ctx.store.em().getConnection().execute('insert into "plex_settings" ("key", "value", "updated_at") values (?, ?, now()) on conflict ("key") do nothing', [key, make()]);
    return (await this.read(key))!;
  }

  /** The X-Plex-Client-Identifier: made once, kept in the database, the same in every process. */
  clientId(): Promise<string> {
    return this.ctx.cache.memo('client-id', '1h', () => this.once('client-id', () => randomUUID()));
  }

  /** Signs poster URLs with a key made once and kept sealed. */
  posterSigner(): Promise<PosterSigner> {
    return this.ctx.cache.memo('poster-signer', '1h', async () => {
      const sealed = await this.once('poster-key', () => this.ctx.secrets.seal(randomBytes(32).toString('base64')));
      return new PosterSigner(Buffer.from(this.ctx.secrets.open(sealed), 'base64'));
    });
  }

  /** The server and token to use now; throws `not-connected` when there is none. */
  active(): Promise<ActiveServer> {
    const { serverUrl, token } = this.ctx.config;
    if (serverUrl && token) return Promise.resolve({ url: serverUrl, token, name: 'Plex Media Server', manual: true });
    return this.ctx.cache.memo('active-server', '3s', async () => {
      const stored = await this.stored();
      if (!stored) throw new PlexError('not-connected', 'Plex is not connected: an admin connects it in Admin → Plugins → Plex');
      return { url: stored.uri, token: this.ctx.secrets.open(stored.tokenSealed), name: stored.name, machineIdentifier: stored.machineIdentifier, manual: false };
    });
  }

  /** The server picked after "Connect Plex", without its token. */
  async stored(): Promise<Stored | undefined> {
    const raw = await this.read('server');
    return raw ? (JSON.parse(raw) as Stored) : undefined;
  }

  /** Keeps the server the admin picked, its token and the admin's plex.tv token (sealed). */
  async save(server: ConnectedServer, token: string, accountToken: string): Promise<void> {
    const stored: Stored = { ...server, tokenSealed: this.ctx.secrets.seal(token), accountTokenSealed: this.ctx.secrets.seal(accountToken) };
    await this.write('server', JSON.stringify(stored));
  }

  /** Keeps the admin's token between the PIN and picking a server. */
  async savePendingToken(token: string, owner: { id: number; username: string }): Promise<void> {
    await this.write('pending-token', JSON.stringify({ tokenSealed: this.ctx.secrets.seal(token), ownerPlexId: owner.id, ownerUsername: owner.username }));
  }

  async pendingToken(): Promise<{ token: string; ownerPlexId: number; ownerUsername: string } | undefined> {
    const raw = await this.read('pending-token');
    if (!raw) return undefined;
    const p = JSON.parse(raw) as { tokenSealed: string; ownerPlexId: number; ownerUsername: string };
    return { token: this.ctx.secrets.open(p.tokenSealed), ownerPlexId: p.ownerPlexId, ownerUsername: p.ownerUsername };
  }

  /** The admin token to ask plex.tv who the server is shared with (the connected one, else none). */
  async adminToken(): Promise<string | undefined> {
    const { serverUrl, token } = this.ctx.config;
    if (serverUrl && token) return token;
    const stored = await this.stored();
    if (!stored) return undefined;
    return this.ctx.secrets.open(stored.accountTokenSealed ?? stored.tokenSealed);
  }

  /** Forgets the connected server and tokens. */
  async forget(): Promise<void> {
    await this.ctx.store.em().nativeDelete(PlexSetting, { key: { $in: ['server', 'pending-token'] } });
  }
}
