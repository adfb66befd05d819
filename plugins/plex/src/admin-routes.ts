// The admin's side: "Connect Plex" (the PIN flow for the admin), the servers of that account to pick
// from, and what is connected now. Tokens never leave the server.
import { BadRequest, Conflict, NotFound, ServiceUnavailable, type PluginContext } from '@medianest/sdk';
import type { PlexConfig } from './config.js';
import type { Connection } from './connection.js';
import { authAppUrl } from './plex-headers.js';
import { PlexError } from './plex-errors.js';
import type { PmsClient } from './pms-client.js';
import type { PlexResource, PlexTvClient } from './plextv-client.js';

const serverList = (resources: PlexResource[]) =>
  resources
    .filter((r) => r.provides.split(',').includes('server'))
    .map((r) => ({
      machineIdentifier: r.clientIdentifier,
      name: r.name,
      version: r.productVersion ?? null,
      owned: r.owned,
      // Local addresses first, relays last: the first is what most homes should pick.
      connections: [...r.connections]
        .sort((a, b) => Number(b.local) - Number(a.local) || Number(a.relay) - Number(b.relay))
        .map((c) => ({ uri: c.uri, local: c.local, relay: c.relay })),
    }));

const connectionSchema = { type: 'object', required: ['connected'], properties: { connected: { type: 'boolean' }, manual: { type: 'boolean' }, server: { type: ['object', 'null'] }, account: { type: ['object', 'null'] } } };

export function adminRoutes(ctx: PluginContext<PlexConfig>, connection: Connection, pms: PmsClient, plexTv: PlexTvClient, clientId: string, onChange: () => Promise<void>): void {
  const plexTvAway = (err: unknown): never => {
    if (err instanceof PlexError) throw new ServiceUnavailable(err.message);
    throw err;
  };

  ctx.routes.get('/admin/connection', { auth: 'admin', summary: 'The connected Plex server (never its token)', response: connectionSchema }, async () => {
    if (ctx.config.serverUrl && ctx.config.token) return { connected: true, manual: true, server: { uri: ctx.config.serverUrl }, account: null };
    const stored = await connection.stored();
    if (!stored) return { connected: false, server: null, account: null };
    return { connected: true, manual: false, server: { name: stored.name, uri: stored.uri, version: stored.version ?? null, machineIdentifier: stored.machineIdentifier }, account: stored.ownerUsername ? { username: stored.ownerUsername } : null };
  });

  ctx.routes.post('/admin/connect', { auth: 'admin', summary: 'Start "Connect Plex": a PIN and the app.plex.tv page to approve it on', rateLimit: '20/hour' }, async (req) => {
    const pin = await plexTv.createPin(req.signal).catch(plexTvAway);
    return { pinId: pin.id, url: authAppUrl(ctx.config.plexAppUrl, clientId, pin.code, ctx.version) };
  });

  ctx.routes.post(
    '/admin/connect/check',
    { auth: 'admin', summary: 'Whether the admin approved the PIN; then the servers of that Plex account', body: { type: 'object', additionalProperties: false, required: ['pinId'], properties: { pinId: { type: 'integer', minimum: 1, title: 'PIN', errorMessage: 'Press "Connect Plex" again' } } } },
    async (req) => {
      const { pinId } = req.body as { pinId: number };
      let pin;
      try {
        pin = await plexTv.pin(pinId, req.signal);
      } catch (err) {
        if (err instanceof PlexError && err.kind === 'not-found') throw new NotFound('The Plex sign-in expired before it was approved: press "Connect Plex" again');
        return plexTvAway(err);
      }
      if (!pin.authToken) return { pending: true };
      const token = pin.authToken;
      const user = await plexTv.user(token, req.signal).catch(plexTvAway);
      await connection.savePendingToken(token, user);
      const servers = serverList(await plexTv.resources(token, req.signal).catch(plexTvAway));
      return { pending: false, account: { username: user.username }, servers };
    },
  );

  ctx.routes.get('/admin/servers', { auth: 'admin', summary: 'The servers of the Plex account that was connected last' }, async (req) => {
    const pending = await connection.pendingToken();
    if (!pending) throw new Conflict('Press "Connect Plex" first');
    return { account: { username: pending.ownerUsername }, servers: serverList(await plexTv.resources(pending.token, req.signal).catch(plexTvAway)) };
  });

  ctx.routes.post(
    '/admin/server',
    {
      auth: 'admin',
      summary: 'Use this server, at this address, with the token of the Plex account just connected',
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['machineIdentifier', 'uri'],
        properties: {
          machineIdentifier: { type: 'string', minLength: 1, maxLength: 100, title: 'Server', errorMessage: 'Pick a server' },
          uri: { type: 'string', pattern: '^https?://[^\\s/?#@]+(/[^\\s?#]*)?$', title: 'Address', errorMessage: 'Pick an address, or enter one that starts with http:// or https://' },
        },
      },
    },
    async (req) => {
      const { machineIdentifier, uri } = req.body as { machineIdentifier: string; uri: string };
      const pending = await connection.pendingToken();
      if (!pending) throw new Conflict('Press "Connect Plex" first');
      const resources = await plexTv.resources(pending.token, req.signal).catch(plexTvAway);
      const resource = resources.find((r) => r.clientIdentifier === machineIdentifier);
      if (!resource) throw new BadRequest('That server is not one of this Plex account\'s servers: press "Connect Plex" again');
      const token = resource.accessToken || pending.token;
      // The address must reach that very server, and the token must open it.
      let root;
      try {
        const id = await pms.identity({ url: uri, token }, req.signal);
        if (id.machineIdentifier !== machineIdentifier) throw new BadRequest(`${uri} answers as another Plex server: pick another address`);
        root = await pms.root({ url: uri, token }, req.signal);
      } catch (err) {
        if (err instanceof PlexError) throw new BadRequest(`${err.message}: pick another address`);
        throw err;
      }
      await connection.save({ name: root.friendlyName || resource.name, machineIdentifier, uri, version: root.version, ownerPlexId: resource.owned ? pending.ownerPlexId : undefined, ownerUsername: pending.ownerUsername }, token, pending.token);
      await onChange();
      ctx.log.info({ server: root.friendlyName, version: root.version }, 'Plex server connected');
      return { connected: true, server: { name: root.friendlyName || resource.name, uri, version: root.version } };
    },
  );

  ctx.routes.delete('/admin/connection', { auth: 'admin', summary: 'Forget the connected server and its token' }, async () => {
    await connection.forget();
    await onChange();
    return { connected: false };
  });
}
