import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { User } from '@medianest/sdk';
import { IdentityRow, UserRow } from '../db/core-schema.js';
import { hashPassword, verifyPassword } from './passwords.js';

/** Usernames: letters, digits, '.', '_' or '-' (stored lower-case). */
export const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,31}$/;

/** Accounts in core_users. Usernames are stored lower-case. */
export class UserStore {
  constructor(private readonly orm: MikroORM) {}

  async hasAdmin(): Promise<boolean> {
    return (await this.orm.em.fork().count(UserRow, { role: 'admin', disabled: false })) > 0;
  }

  async create(input: { username: string; displayName?: string; role: 'admin' | 'user'; password?: string; disabled?: boolean; mustChangePassword?: boolean }): Promise<User> {
    const em = this.orm.em.fork();
    const username = input.username.toLowerCase();
    const row = em.create(UserRow, {
      id: randomUUID(),
      username,
      displayName: input.displayName ?? username,
      role: input.role,
      passwordHash: input.password ? await hashPassword(input.password) : null,
      disabled: input.disabled ?? false,
      mustChangePassword: input.mustChangePassword ?? false,
    } as any);
    await em.flush();
    return { id: row.id, name: row.displayName, role: row.role as User['role'] };
  }

  async list() {
    const rows = await this.orm.em.fork().find(UserRow, {}, { orderBy: { createdAt: 'asc' } });
    return rows.map(view);
  }

  async get(id: string) {
    const row = await this.orm.em.fork().findOne(UserRow, { id });
    return row ? view(row) : null;
  }

  /** Changes role, display name or disabled; refuses to leave the portal without an active admin. */
  async update(id: string, change: { role?: 'admin' | 'user'; disabled?: boolean; displayName?: string }) {
    const em = this.orm.em.fork();
    const row = await em.findOne(UserRow, { id });
    if (!row) return null;
    const losesAdmin = row.role === 'admin' && !row.disabled && (change.role === 'user' || change.disabled === true);
    if (losesAdmin && (await em.count(UserRow, { role: 'admin', disabled: false })) <= 1) throw new LastAdminError();
    if (change.role) row.role = change.role;
    if (change.disabled !== undefined) row.disabled = change.disabled;
    // An emptied display name falls back to the username.
    if (change.displayName !== undefined) row.displayName = change.displayName.trim() || row.username;
    await em.flush();
    return view(row);
  }

  /** What the account page shows and edits. */
  async profile(id: string) {
    const row = await this.orm.em.fork().findOne(UserRow, { id });
    if (!row) return null;
    return { ...view(row), hasPassword: row.passwordHash !== null, mustChangePassword: row.mustChangePassword, theme: row.theme as Theme };
  }

  /** Changes the person's own display name and theme. */
  async updateProfile(id: string, change: { displayName?: string; theme?: Theme }) {
    const em = this.orm.em.fork();
    const row = await em.findOne(UserRow, { id });
    if (!row) return null;
    if (change.displayName !== undefined) row.displayName = change.displayName.trim() || row.username;
    if (change.theme) row.theme = change.theme;
    await em.flush();
    return this.profile(id);
  }

  /** Sets a password; `mustChange` when it is a temporary one an admin chose. */
  async setPassword(id: string, password: string, mustChange = false): Promise<boolean> {
    const em = this.orm.em.fork();
    const row = await em.findOne(UserRow, { id });
    if (!row) return false;
    row.passwordHash = await hashPassword(password);
    row.mustChangePassword = mustChange;
    await em.flush();
    return true;
  }

  /** Whether the account signs in with a temporary password an admin chose, and must choose its own. */
  async mustChangePassword(id: string): Promise<boolean> {
    const row = await this.orm.em.fork().findOne(UserRow, { id }, { fields: ['mustChangePassword'] });
    return row?.mustChangePassword === true;
  }

  /** Whether `password` is this account's current one. */
  async checkPassword(id: string, password: string): Promise<boolean> {
    const row = await this.orm.em.fork().findOne(UserRow, { id });
    return verifyPassword(password, row?.passwordHash ?? null);
  }

  /** Notes a sign-in, for the users list. */
  async signedIn(id: string): Promise<void> {
    await this.orm.em.fork().nativeUpdate(UserRow, { id }, { lastSignInAt: new Date() });
  }

  async remove(id: string): Promise<boolean> {
    const em = this.orm.em.fork();
    const row = await em.findOne(UserRow, { id });
    if (!row) return false;
    if (row.role === 'admin' && !row.disabled && (await em.count(UserRow, { role: 'admin', disabled: false })) <= 1) throw new LastAdminError();
    em.remove(row);
    await em.flush();
    return true;
  }

  /** The account a provider's identity signs in as, if linked. */
  async byIdentity(provider: string, externalId: string) {
    const em = this.orm.em.fork();
    const link = await em.findOne(IdentityRow, { provider, externalId });
    return link ? this.get(link.userId) : null;
  }

  /** A new account for a provider's identity, with a free username near the suggested one. */
  async createForIdentity(provider: string, identity: { externalId: string; username: string; displayName?: string }, disabled: boolean, role: 'admin' | 'user' = 'user') {
    const base = identity.username.toLowerCase().replace(/[^a-z0-9._-]/g, '').replace(/^[^a-z0-9]+/, '').slice(0, 28) || 'user';
    const em = this.orm.em.fork();
    let username = base;
    for (let n = 2; await em.count(UserRow, { username }); n++) username = `${base}${n}`;
    const user = await this.create({ username, displayName: identity.displayName ?? identity.username, role, disabled });
    await this.orm.em.fork().insert(IdentityRow, { provider, externalId: identity.externalId, userId: user.id });
    return (await this.get(user.id))!;
  }

  /** The user whose username and password match, or null — in the same time whether or not the account exists. */
  async verify(username: string, password: string): Promise<User | null> {
    const row = await this.orm.em.fork().findOne(UserRow, { username: username.toLowerCase() });
    const ok = await verifyPassword(password, row?.passwordHash ?? null);
    if (!ok || !row || row.disabled) return null;
    return { id: row.id, name: row.displayName, role: row.role as User['role'] };
  }
}

export type Theme = 'system' | 'light' | 'dark';

/** Thrown when a change would leave no active admin. */
export class LastAdminError extends Error {
  constructor() {
    super('That would leave MediaNest without an active admin: make another admin first');
  }
}

function view(row: { id: string; username: string; displayName: string; role: string; disabled: boolean; createdAt: Date; lastSignInAt?: Date | null }) {
  return {
    id: row.id,
    username: row.username,
    name: row.displayName,
    role: row.role as User['role'],
    disabled: row.disabled,
    createdAt: row.createdAt.toISOString(),
    lastSignInAt: row.lastSignInAt?.toISOString() ?? null,
  };
}
