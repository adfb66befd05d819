import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { User } from '@medianest/sdk';
import { UserRow } from '../db/core-schema.js';
import { hashPassword, verifyPassword } from './passwords.js';

/** Usernames: letters, digits, '.', '_' or '-' (stored lower-case). */
export const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,31}$/;

/** Accounts in core_users. Usernames are stored lower-case. */
export class UserStore {
  constructor(private readonly orm: MikroORM) {}

  async hasAdmin(): Promise<boolean> {
    return (await this.orm.em.fork().count(UserRow, { role: 'admin', disabled: false })) > 0;
  }

  async create(input: { username: string; displayName?: string; role: 'admin' | 'user'; password?: string }): Promise<User> {
    const em = this.orm.em.fork();
    const username = input.username.toLowerCase();
    const row = em.create(UserRow, {
      id: randomUUID(),
      username,
      displayName: input.displayName ?? username,
      role: input.role,
      passwordHash: input.password ? await hashPassword(input.password) : null,
      disabled: false,
    } as any);
    await em.flush();
    return { id: row.id, name: row.displayName, role: row.role as User['role'] };
  }

  /** The user whose username and password match, or null — in the same time whether or not the account exists. */
  async verify(username: string, password: string): Promise<User | null> {
    const row = await this.orm.em.fork().findOne(UserRow, { username: username.toLowerCase() });
    const ok = await verifyPassword(password, row?.passwordHash ?? null);
    if (!ok || !row || row.disabled) return null;
    return { id: row.id, name: row.displayName, role: row.role as User['role'] };
  }
}
