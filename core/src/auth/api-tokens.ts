import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { User } from '@medianest/sdk';
import { ApiTokenRow, UserRow } from '../db/core-schema.js';

const PREFIX = 'mnt_';
const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Personal API tokens for scripts: `Authorization: Bearer mnt_…`, acting as their owner with the owner's current role. */
export class ApiTokens {
  constructor(private readonly orm: MikroORM) {}

  /** A new token; the only time its value is known. */
  async create(userId: string, name: string): Promise<{ id: string; name: string; token: string; createdAt: string }> {
    const token = PREFIX + randomBytes(32).toString('base64url');
    const em = this.orm.em.fork();
    const row = em.create(ApiTokenRow, { id: randomUUID(), userId, name, tokenHash: hash(token), lastUsedAt: null } as any);
    await em.flush();
    return { id: row.id, name: row.name, token, createdAt: row.createdAt.toISOString() };
  }

  async list(userId: string) {
    const rows = await this.orm.em.fork().find(ApiTokenRow, { userId }, { orderBy: { createdAt: 'desc' } });
    return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.createdAt.toISOString(), lastUsedAt: r.lastUsedAt?.toISOString() ?? null }));
  }

  async revoke(userId: string, id: string): Promise<boolean> {
    return (await this.orm.em.fork().nativeDelete(ApiTokenRow, { id, userId })) > 0;
  }

  /** The owner of a bearer token, or null for an unknown token or a disabled owner. */
  async resolve(token: string): Promise<User | null> {
    if (!token.startsWith(PREFIX) || token.length > 100) return null;
    const em = this.orm.em.fork();
    const row = await em.findOne(ApiTokenRow, { tokenHash: hash(token) });
    if (!row) return null;
    const owner = await em.findOne(UserRow, { id: row.userId });
    if (!owner || owner.disabled) return null;
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
      await em.nativeUpdate(ApiTokenRow, { id: row.id }, { lastUsedAt: new Date() });
    }
    return { id: owner.id, name: owner.displayName, role: owner.role as User['role'] };
  }
}

/** The token from an `Authorization: Bearer …` header, if any. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return m?.[1];
}
