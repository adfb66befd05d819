import { randomBytes } from 'node:crypto';
import type Koa from 'koa';
import type { Redis } from 'ioredis';
import type { MikroORM } from '@mikro-orm/postgresql';
import { BadGateway, Conflict, Forbidden, isHttpError, NotFound, reply, type ExternalIdentity, type User } from '@medianest/sdk';
import { IdentityRow, ProviderSetting } from '../db/core-schema.js';
import { KOA_CONTEXT, type RouteDef } from '../http/route.js';
import type { PluginHost } from '../plugins/plugin-host.js';
import type { AuditLog } from './audit-log.js';
import type { Limit, RateLimiter } from './rate-limit.js';
import type { UserStore } from './users.js';
import type { AccountLinks } from './account-links.js';
import { acceptInviteWithIdentity, openInvite } from './invite-by-provider.js';

export interface ProviderRouteDeps {
  host: PluginHost;
  orm: MikroORM;
  redis: Redis;
  redisPrefix: string;
  users: UserStore;
  /** Invites: a provider sign-in started from one makes the account with its role. */
  links: AccountLinks;
  audit: AuditLog;
  limiter: RateLimiter;
  signInLimit: Limit;
  /** Starts a session for the user: its cookies go on the answer. */
  startSession(ctx: Koa.Context, user: User): Promise<void>;
  /** The address people reach the portal at (PUBLIC_URL), when set. */
  publicUrl?: string;
}

const FLOW_TTL_SECONDS = 600;
const providerId = { type: 'object', properties: { id: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,39}\\.[a-z][a-zA-Z0-9-]{0,63}$' } } };

/** A sign-in under way, in Redis: the provider's state, and the invite (by id, never its token) it was started from. */
interface Flow {
  provider: string;
  state: string;
  invite?: string;
}

interface Setting {
  open: boolean;
  newUsers: 'create' | 'approve';
}

/** Sign-in through providers plugins register (Plex's PIN flow, say), and the admin's choices for them. */
/** Body of /finish and /link: the flow id /start answered, and what the provider sent back. */
const flowBody = {
  type: 'object',
  additionalProperties: false,
  required: ['flow'],
  properties: { flow: { type: 'string', pattern: '^[A-Za-z0-9_-]{32}$' }, params: { type: 'object', additionalProperties: { type: 'string', maxLength: 2048 } } },
};

export function providerRoutes(deps: ProviderRouteDeps): RouteDef[] {
  const settings = async (): Promise<Map<string, Setting>> =>
    new Map((await deps.orm.em.fork().find(ProviderSetting, {})).map((r) => [r.id, { open: r.open, newUsers: r.newUsers as Setting['newUsers'] }]));
  // Closed until an admin opens it; new people wait for approval unless the admin says otherwise.
  const settingOf = (all: Map<string, Setting>, id: string): Setting => all.get(id) ?? { open: false, newUsers: 'approve' };
  const openProvider = async (id: string) => {
    const provider = deps.host.providers().find((p) => p.id === id);
    if (!provider || !settingOf(await settings(), id).open) throw new NotFound(`No open sign-in provider "${id}"`);
    return provider;
  };
  const flowKey = (flow: string) => `${deps.redisPrefix}authflow:${flow}`;
  /** The provider's state of a flow begun with /start; `expired` when it is gone or belongs to another provider. */
  const flowOf = async (providerId: string, flowId: string, expired: string): Promise<Flow> => {
    const raw = await deps.redis.get(flowKey(flowId));
    const flow = raw ? (JSON.parse(raw) as Flow) : null;
    if (!flow || flow.provider !== providerId) throw new NotFound(expired);
    return flow;
  };
  const flowState = async (providerId: string, flowId: string, expired: string): Promise<string> => (await flowOf(providerId, flowId, expired)).state;

  // A provider's own refusal (an HttpError: "no access to this server") reaches the person as it is;
  // anything else means the provider is away.
  const finishFlow = async (provider: { id: string; definition: { name: string; finish: (i: any) => Promise<ExternalIdentity | null> } }, state: string, req: any) => {
    try {
      return await provider.definition.finish({ state, params: req.body.params ?? {}, signal: req.signal });
    } catch (err) {
      if (isHttpError(err) && err.status < 600) {
        req.log.info({ provider: provider.id, status: err.status, reason: err.message }, 'sign-in provider refused');
        throw err;
      }
      req.log.warn({ err, provider: provider.id }, 'sign-in provider failed to finish');
      throw new BadGateway(`${provider.definition.name} did not answer: try again in a moment`);
    }
  };
  const tellSignedIn = async (provider: { id: string; definition: { signedIn?: (i: { user: User; identity: ExternalIdentity }) => unknown } }, user: User, identity: ExternalIdentity, req: any) => {
    try {
      await provider.definition.signedIn?.({ user, identity });
    } catch (err) {
      req.log.warn({ err, provider: provider.id }, 'sign-in provider failed to record a sign-in');
    }
  };

  return [
    {
      method: 'GET',
      path: '/api/auth/providers',
      options: { auth: 'public', summary: 'The sign-in providers open on this portal' },
      handler: async () => {
        const all = await settings();
        return { providers: deps.host.providers().filter((p) => settingOf(all, p.id).open).map((p) => ({ id: p.id, name: p.definition.name })) };
      },
    },
    {
      method: 'POST',
      path: '/api/auth/providers/:id/start',
      options: {
        auth: 'public',
        summary: 'Start signing in with a provider: answers where to send the person and a flow id to finish with; `invite` (the token of an invite link) makes the account with its role',
        params: providerId,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { invite: { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$', title: 'Invite link', errorMessage: 'This invite link is not complete: copy the whole link again' } },
        },
      },
      handler: async (req: any) => {
        await deps.limiter.hit(`signin:ip:${req.ip}`, deps.signInLimit, 'sign-in attempts from this address');
        const provider = await openProvider(req.params.id);
        // Checked before the person goes to the provider, so a used invite says so at once.
        const invite = req.body?.invite ? (await openInvite(deps.links, req.body.invite)).id : undefined;
        const ctx = req[KOA_CONTEXT] as Koa.Context;
        const flow = randomBytes(24).toString('base64url');
        let started;
        try {
          const base = deps.publicUrl?.replace(/\/+$/, '') ?? `${ctx.protocol}://${ctx.host}`;
          started = await provider.definition.start({ returnUrl: `${base}/#/sign-in/${provider.id}?flow=${flow}`, signal: req.signal });
        } catch (err) {
          if (isHttpError(err)) throw err; // the provider's own words ("plex.tv cannot be reached…")
          req.log.warn({ err, provider: provider.id }, 'sign-in provider failed to start');
          throw new BadGateway(`${provider.definition.name} did not answer: try again in a moment`);
        }
        const stored: Flow = { provider: provider.id, state: started.state, ...(invite ? { invite } : {}) };
        await deps.redis.set(flowKey(flow), JSON.stringify(stored), 'EX', FLOW_TTL_SECONDS);
        return { flow, url: started.url };
      },
    },
    {
      method: 'POST',
      path: '/api/auth/providers/:id/finish',
      options: {
        auth: 'public',
        summary: 'Finish signing in: 202 while the person has not finished at the provider, then a session',
        params: providerId,
        body: flowBody,
      },
      handler: async (req: any) => {
        const provider = await openProvider(req.params.id);
        const flow = await flowOf(provider.id, req.body.flow, 'This sign-in has expired: start again');
        const identity = await finishFlow(provider, flow.state, req);
        if (!identity) return reply(202, { pending: true });
        await deps.redis.del(flowKey(req.body.flow));
        if (flow.invite) {
          const invited = await acceptInviteWithIdentity(deps, { inviteId: flow.invite, provider: { id: provider.id, name: provider.definition.name }, identity, ip: req.ip });
          await tellSignedIn(provider, invited, identity, req);
          await deps.startSession(req[KOA_CONTEXT] as Koa.Context, invited);
          return { user: invited };
        }
        let account = await deps.users.byIdentity(provider.id, identity.externalId);
        if (!account) {
          const approve = settingOf(await settings(), provider.id).newUsers === 'approve';
          account = await deps.users.createForIdentity(provider.id, identity, approve);
          await deps.audit.write({ action: 'signup', actor: { id: account.id, name: account.name, role: account.role }, ip: req.ip, detail: { provider: provider.id, providerName: provider.definition.name, waitsForApproval: approve } });
        }
        if (account.disabled) throw new Forbidden('Your account waits for an admin to approve it (or was disabled): ask an admin');
        const user: User = { id: account.id, name: account.name, role: account.role };
        await tellSignedIn(provider, user, identity, req);
        await deps.startSession(req[KOA_CONTEXT] as Koa.Context, user);
        return { user };
      },
    },
    {
      method: 'POST',
      path: '/api/auth/providers/:id/link',
      options: {
        auth: 'user',
        summary: 'Link a provider to the signed-in account: finish a flow begun with /start (202 while pending)',
        params: providerId,
        body: flowBody,
      },
      handler: async (req: any) => {
        const provider = await openProvider(req.params.id);
        const identity = await finishFlow(provider, await flowState(provider.id, req.body.flow, 'This link has expired: start again'), req);
        if (!identity) return reply(202, { pending: true });
        await deps.redis.del(flowKey(req.body.flow));
        const em = deps.orm.em.fork();
        const existing = await em.findOne(IdentityRow, { provider: provider.id, externalId: identity.externalId });
        if (existing && existing.userId !== req.user.id) throw new Conflict(`This ${provider.definition.name} account already signs in to another MediaNest account: ask an admin to remove that one first`);
        if (!existing) {
          const mine = await em.findOne(IdentityRow, { provider: provider.id, userId: req.user.id });
          if (mine) em.remove(mine);
          await em.flush();
          await em.insert(IdentityRow, { provider: provider.id, externalId: identity.externalId, userId: req.user.id });
          await deps.audit.write({ action: 'identity-link', actor: req.user, target: provider.id, ip: req.ip, detail: { provider: provider.id, providerName: provider.definition.name } });
        }
        await tellSignedIn(provider, req.user, identity, req);
        return { linked: true, provider: provider.id, name: identity.displayName ?? identity.username };
      },
    },
    {
      method: 'GET',
      path: '/api/auth/identities',
      options: { auth: 'user', summary: 'The sign-in providers linked to the signed-in account' },
      handler: async (req: any) => {
        const rows = await deps.orm.em.fork().find(IdentityRow, { userId: req.user.id });
        return { identities: rows.map((r) => ({ provider: r.provider })) };
      },
    },
    {
      method: 'GET',
      path: '/api/admin/auth-providers',
      options: { auth: 'admin', summary: 'Sign-in providers of running plugins, whether each is open and what a first sign-in does' },
      handler: async () => {
        const all = await settings();
        return { providers: deps.host.providers().map((p) => ({ id: p.id, name: p.definition.name, plugin: p.plugin, ...settingOf(all, p.id) })) };
      },
    },
    {
      method: 'PUT',
      path: '/api/admin/auth-providers/:id',
      options: {
        auth: 'admin',
        summary: 'Open or close a provider; whether a first sign-in creates a user at once or waits for approval',
        params: providerId,
        body: { type: 'object', additionalProperties: false, required: ['open', 'newUsers'], properties: { open: { type: 'boolean' }, newUsers: { enum: ['create', 'approve'] } } },
      },
      handler: async (req: any) => {
        if (!deps.host.providers().some((p) => p.id === req.params.id)) throw new NotFound(`No sign-in provider "${req.params.id}" is running`);
        await deps.orm.em.fork().upsert(ProviderSetting, { id: req.params.id, open: req.body.open, newUsers: req.body.newUsers });
        await deps.audit.write({ action: 'provider-update', actor: req.user, target: req.params.id, ip: req.ip, detail: req.body });
        return { id: req.params.id, ...req.body };
      },
    },
  ];
}
