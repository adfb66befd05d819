import { suite } from 'uvu';
import * as assert from 'uvu/assert';

// The audit log's words are the portal's own (ui/src/audit-words.ts, plain TypeScript Node runs as it is).
const words = await import(new URL('../../../ui/src/audit-words.ts', import.meta.url).href);
const test = suite('the audit log in words');

const sentence = (e: { action: string; actor: string | null; actorId?: string | null; target: string | null; targetName?: string | null; detail?: Record<string, unknown> | null }) => {
  const { who, words: what, on } = words.auditSentence({ targetName: null, ...e });
  return [who, what, on].filter(Boolean).join(' ');
};

test("a person's own action names them once", () => {
  assert.is(sentence({ action: 'password-change', actor: 'uma', actorId: 'u1', target: 'u1', targetName: 'uma' }), 'uma changed their password');
  assert.is(sentence({ action: 'profile-update', actor: 'uma', actorId: 'u1', target: 'u1', targetName: 'uma' }), 'uma changed their profile');
  assert.is(sentence({ action: 'password-reset-used', actor: 'wes', actorId: 'u2', target: 'u2', targetName: 'wes' }), 'wes chose a new password with a reset link');
});

test("an admin's action on their own account says so in words", () => {
  assert.is(sentence({ action: 'session-revoke', actor: 'Ada', actorId: 'a1', target: 'a1', targetName: 'Ada' }), 'Ada ended one of their own sessions');
  assert.is(sentence({ action: 'user-update', actor: 'Ada', actorId: 'a1', target: 'a1', targetName: 'Ada' }), 'Ada changed their own account');
});

test('an action on someone else names both', () => {
  assert.is(sentence({ action: 'session-revoke', actor: 'Ada', actorId: 'a1', target: 'u1', targetName: 'uma' }), 'Ada ended a session of uma');
  assert.is(sentence({ action: 'password-reset', actor: 'Ada', actorId: 'a1', target: 'u1', targetName: 'uma' }), 'Ada reset the password of uma');
  assert.is(sentence({ action: 'plugin-enable', actor: 'Ada', actorId: 'a1', target: 'plex' }), 'Ada enabled the plugin plex');
  assert.is(sentence({ action: 'signin-failed', actor: 'mallory', actorId: null, target: null }), 'mallory typed a wrong password');
});

test("an invite accepted through a provider says which, by the provider's name", () => {
  assert.is(words.describeDetail('invite-accept', { username: 'olga', role: 'admin', provider: 'plex.plex', providerName: 'Plex' }), 'olga, admin, through Plex');
  assert.is(words.describeDetail('invite-accept', { username: 'zoe', role: 'user' }), 'zoe, user');
  // A provider that is no longer installed has no name to show: its id, rather than nothing.
  assert.is(words.describeDetail('invite-accept', { username: 'pia', role: 'user', provider: 'gone.sso' }), 'pia, user, through gone.sso');
});

test("signing up and linking name the provider, never its id", () => {
  assert.is(words.describeDetail('signup', { provider: 'plex.plex', providerName: 'Plex', waitsForApproval: true }), 'with Plex, waits for approval');
  assert.is(words.describeDetail('signup', { provider: 'plex.plex', providerName: 'Plex', waitsForApproval: false }), 'with Plex');
  const linked = { action: 'identity-link', actor: 'uma', actorId: 'u1', target: 'plex.plex', targetName: null, detail: { provider: 'plex.plex', providerName: 'Plex' } };
  assert.is(sentence(linked), 'uma linked Plex to their account');
  assert.not.match(sentence(linked), /plex\.plex/);
});

test.run();
