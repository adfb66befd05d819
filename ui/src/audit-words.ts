/** What an audit entry says, in words: "changed the role of", "signed in". */
export const ACTION_WORDS: Record<string, string> = {
  setup: 'claimed the portal',
  signin: 'signed in',
  'signin-failed': 'typed a wrong password',
  'signin-refused': 'was refused sign-in (too many wrong passwords)',
  signout: 'signed out',
  signup: 'signed up with a provider',
  'plugin-enable': 'enabled the plugin',
  'plugin-disable': 'disabled the plugin',
  'plugin-settings': 'changed the settings of',
  'user-create': 'added the account',
  'user-update': 'changed the account',
  'user-delete': 'deleted the account',
  'session-revoke': 'ended a session of',
  'token-create': 'made an API token',
  'token-revoke': 'revoked an API token',
  'permission-update': 'changed who holds',
  'provider-update': 'changed the sign-in provider',
  'identity-link': 'linked a sign-in provider to',
  'profile-update': 'changed their profile',
  'password-change': 'changed their password',
  'password-change-failed': 'gave a wrong current password',
  'password-reset': 'reset the password of',
  'password-reset-used': 'chose a new password with a reset link',
  'invite-create': 'made an invite',
  'invite-revoke': 'withdrew an invite',
  'invite-accept': 'joined with an invite',
};

/** What an admin's action on their own account says instead ("ended one of their own sessions"). */
const OWN_WORDS: Record<string, string> = {
  'session-revoke': 'ended one of their own sessions',
  'user-update': 'changed their own account',
  'password-reset': 'reset their own password',
};

/**
 * An entry as a sentence's parts: who, what, and on whom. A person's own action names them once
 * ("uma changed their password", never "uma changed their password uma").
 */
export function auditSentence(e: { action: string; actor: string | null; actorId?: string | null; target: string | null; targetName: string | null; detail?: Record<string, any> | null }): { who: string; words: string; on: string | null } {
  const who = e.actor ?? 'Someone';
  const words = ACTION_WORDS[e.action] ?? e.action;
  const own = e.target !== null && e.actorId != null && e.target === e.actorId;
  if (own) return { who, words: OWN_WORDS[e.action] ?? words, on: null };
  if (e.action === 'identity-link' && e.detail?.providerName) return { who, words: `linked ${e.detail.providerName} to`, on: 'their account' };
  const on = e.targetName ?? (e.action.startsWith('plugin-') || e.action === 'permission-update' || e.action === 'provider-update' ? e.target : null);
  return { who, words, on };
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** The detail of an entry in a few words: "role: user → admin", "refused 3 times", "for 7 days as user". */
export function describeDetail(action: string, detail: Record<string, any> | null): string {
  if (!detail) return '';
  if (detail.changes && typeof detail.changes === 'object') {
    return Object.entries(detail.changes as Record<string, { from: unknown; to: unknown }>)
      .map(([k, c]) => `${k === 'displayName' ? 'name' : k}: ${show(c.from)} → ${show(c.to)}`)
      .join(', ');
  }
  if (action === 'signin-refused') return `refused ${detail.refused} time${detail.refused === 1 ? '' : 's'}, until ${new Date(detail.until).toLocaleTimeString()}`;
  if (action === 'password-reset') return detail.mode === 'link' ? 'with a one-time link' : 'with a temporary password';
  if (action === 'password-change') return detail.endedSessions ? `${detail.endedSessions} other session${detail.endedSessions === 1 ? '' : 's'} ended` : '';
  if (action === 'invite-create') return `as ${detail.role}`;
  if (action === 'plugin-settings' && Array.isArray(detail.keys)) return `settings: ${detail.keys.join(', ')}`;
  const provider = detail.providerName ?? detail.provider;
  if (action === 'user-create' || action === 'invite-accept') return [detail.username, detail.role, provider ? `through ${provider}` : ''].filter(Boolean).join(', ');
  if (action === 'signup') return [provider ? `with ${provider}` : '', detail.waitsForApproval ? 'waits for approval' : ''].filter(Boolean).join(', ');
  if (action === 'profile-update') return Object.entries(detail).map(([k, v]) => `${k === 'displayName' ? 'name' : k}: ${show(v)}`).join(', ');
  return '';
}
