// "Sign in with Plex": plex.tv's PIN flow as a MediaNest sign-in provider.
import { Forbidden, NotFound, ServiceUnavailable, type AuthProviderDefinition, type PluginContext } from '@medianest/sdk';
import type { AccessCheck } from './access.js';
import type { PlexConfig } from './config.js';
import { authAppUrl } from './plex-headers.js';
import { PlexError } from './plex-errors.js';
import type { PlexTvClient, PlexTvUser } from './plextv-client.js';
import { PlexAccountRow } from './tables.js';

interface Flow {
  pinId: number;
  code: string;
}

interface Pending {
  user: PlexTvUser;
  /** The person's plex.tv token: checks their access again later. */
  tokenSealed: string;
  /** What opens the server for them (their own continue watching). */
  serverTokenSealed: string;
}

/** What the person is told when plex.tv is away: Plex sign-in waits, a password still works. */
export const PLEX_TV_AWAY = 'plex.tv cannot be reached right now, so signing in with Plex is not possible: try again in a few minutes, or sign in with your MediaNest username and password';

export function plexSignIn(ctx: PluginContext<PlexConfig>, plexTv: PlexTvClient, access: AccessCheck, clientId: string): AuthProviderDefinition {
  const away = (err: unknown): never => {
    if (err instanceof PlexError && err.kind === 'not-connected') throw new ServiceUnavailable('Signing in with Plex is not ready yet: an admin has to connect the Plex server first');
    if (err instanceof PlexError && err.kind === 'unreachable' && /plex\.tv/.test(err.message)) throw new ServiceUnavailable(PLEX_TV_AWAY);
    if (err instanceof PlexError && err.kind === 'unreachable') throw new ServiceUnavailable('The Plex server cannot be reached right now: try again later, or sign in with your MediaNest username and password');
    if (err instanceof PlexError) throw new ServiceUnavailable('Plex answered in a way MediaNest did not expect: try again in a moment, or sign in with your MediaNest username and password');
    throw err;
  };
  return {
    id: 'plex',
    name: 'Plex',
    async start({ signal }) {
      const pin = await plexTv.createPin(signal).catch(away);
      const flow: Flow = { pinId: pin.id, code: pin.code };
      return { url: authAppUrl(ctx.config.plexAppUrl, clientId, pin.code, ctx.version), state: JSON.stringify(flow) };
    },
    async finish({ state, signal }) {
      const flow = JSON.parse(state) as Flow;
      let pin;
      try {
        pin = await plexTv.pin(flow.pinId, signal);
      } catch (err) {
        if (err instanceof PlexError && err.kind === 'not-found') throw new NotFound('This Plex sign-in expired: press "Sign in with Plex" again');
        return away(err);
      }
      if (!pin.authToken) return null;
      const token = pin.authToken;
      const [user, target] = await Promise.all([plexTv.user(token, signal), access.target(signal)]).catch(away);
      const { allowed, serverToken } = await access.allows(target, user.id, token, signal).catch(away);
      if (!allowed) {
        ctx.log.info({ plexId: user.id, plexUsername: user.username }, 'Plex sign-in refused: the account has no access to the server');
        throw new Forbidden(`Your Plex account has no access to ${target.name}; ask its owner to share it`);
      }
      // Kept until the core says which MediaNest user this is (signedIn), sealed meanwhile.
      await ctx.cache.set(`signin:${user.id}`, { user, tokenSealed: ctx.secrets.seal(token), serverTokenSealed: ctx.secrets.seal(serverToken ?? token) } satisfies Pending, '10m');
      return { externalId: String(user.id), username: user.username, displayName: user.title || user.username };
    },
    async signedIn({ user, identity }) {
      const pending = await ctx.cache.get<Pending>(`signin:${identity.externalId}`);
      if (!pending) return;
      await ctx.cache.del(`signin:${identity.externalId}`);
      const em = ctx.store.em();
      // One Plex account links to one MediaNest user: a link elsewhere moves here.
      await em.nativeDelete(PlexAccountRow, { plexId: pending.user.id, userId: { $ne: user.id } });
      await em.upsert(PlexAccountRow, {
        userId: user.id,
        plexId: pending.user.id,
        username: pending.user.username,
        email: pending.user.email ?? null,
        thumb: pending.user.thumb ?? null,
        tokenSealed: pending.tokenSealed,
        serverTokenSealed: pending.serverTokenSealed,
        checkedAt: new Date(),
      });
    },
  };
}
