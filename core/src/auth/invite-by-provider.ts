import { Conflict, NotFound, type ExternalIdentity, type User } from '@medianest/sdk';
import type { AccountLinks } from './account-links.js';
import type { AuditLog } from './audit-log.js';
import { INVITE_GONE } from './invite-routes.js';
import type { UserStore } from './users.js';

/** The invite a provider sign-in was started from: checked at /start, used up at /finish. */
export async function openInvite(links: AccountLinks, token: string) {
  const link = await links.find('invite', token);
  if (!link) throw new NotFound(INVITE_GONE);
  return link;
}

/**
 * Accepts an invite with a provider's identity: the account is made at once with the invite's role
 * (no approval wait), the identity is linked to it, the invite is used up and the acceptance audited.
 * An identity that already signs in to an account is refused, and the invite stays open.
 */
export async function acceptInviteWithIdentity(
  deps: { users: UserStore; links: AccountLinks; audit: AuditLog },
  input: { inviteId: string; provider: { id: string; name: string }; identity: ExternalIdentity; ip: string },
): Promise<User> {
  const { users, links, audit } = deps;
  const link = await links.open(input.inviteId, 'invite');
  if (!link) throw new NotFound(INVITE_GONE);
  const existing = await users.byIdentity(input.provider.id, input.identity.externalId);
  if (existing) {
    throw new Conflict(`This ${input.provider.name} account already signs in to MediaNest as ${existing.name}: sign in with ${input.provider.name} instead (the invite stays unused)`);
  }
  const account = await users.createForIdentity(input.provider.id, input.identity, false, link.role ?? 'user');
  // Two tabs accepting at once: the second one's account is removed again (its identity link goes with it).
  if (!(await links.use(link.id, account.id))) {
    await users.remove(account.id).catch(() => {});
    throw new NotFound(INVITE_GONE);
  }
  const user: User = { id: account.id, name: account.name, role: account.role };
  await audit.write({ action: 'invite-accept', actor: user, target: link.id, ip: input.ip, detail: { username: account.username, role: account.role, provider: input.provider.id, providerName: input.provider.name } });
  return user;
}
