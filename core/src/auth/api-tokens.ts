import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { User } from '@medianest/sdk';
import { ApiTokenRow } from '../db/core-schema.js';
import { rememberRecent } from './remember-recent.js';

const PREFIX = 'mnt_';
/** How long a process answers a token from what it read, at the most. */
export const TOKEN_CACHE_MS = 1000;
const TOKEN_CACHE_MAX = 10_000;
const hash = (token: string) => createHash('sha256').update(token).digest('hex');

// A polling script sends the same token on every call: its hash is remembered, not made each time.
const hashOfSent = rememberRecent(hash, TOKEN_CACHE_MAX);

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
    const removed = (await this.orm.em.fork().nativeDelete(ApiTokenRow, { id, userId })) > 0;
    if (removed) this.recent.clear(); // this process forgets at once; the others within TOKEN_CACHE_MS
    return removed;
  }

  /** The owner of a bearer token, or null for an unknown token or a disabled owner. */
  async resolve(token: string): Promise<User | null> {
    if (!token.startsWith(PREFIX) || token.length > 100) return null;
    const tokenHash = hashOfSent(token);
    const cached = this.recent.get(tokenHash);
    if (cached && Date.now() - cached.readAt < TOKEN_CACHE_MS) return cached.user;
    const readAt = Date.now();
    const user = this.read(tokenHash);
    this.remember(tokenHash, { readAt, user });
    return user;
  }

  // Scripts poll: each process answers a token from what it read for at most TOKEN_CACHE_MS (counted
  // from when the read was sent), so a revoked token, a disabled or demoted owner loses access in
  // every process within a second, and a busy script costs one query a second, not one a request.
  private readonly recent = new Map<string, { readAt: number; user: Promise<User | null> }>();

  private remember(tokenHash: string, entry: { readAt: number; user: Promise<User | null> }): void {
    if (this.recent.size >= TOKEN_CACHE_MAX) this.recent.clear();
    this.recent.set(tokenHash, entry);
    entry.user.catch(() => this.recent.delete(tokenHash)); // a failed read (database down) is not remembered
  }

  // One query for the token and its owner; the last use is written at most once a minute.
  private async read(tokenHash: string): Promise<User | null> {
    const rows = await this.orm.em.getConnection().execute<Array<{ token_id: string; last_used_at: Date | null; id: string; display_name: string; role: string; disabled: boolean }>>(
      'select t.id as token_id, t.last_used_at, u.id, u.display_name, u.role, u.disabled from core_api_tokens t join core_users u on u.id = t.user_id where t.token_hash = ?',
      [tokenHash],
    );
    const row = rows[0];
    if (!row || row.disabled) return null;
    if (!row.last_used_at || Date.now() - new Date(row.last_used_at).getTime() > 60_000) {
      await this.orm.em.fork().nativeUpdate(ApiTokenRow, { id: row.token_id }, { lastUsedAt: new Date() });
    }
    return { id: row.id, name: row.display_name, role: row.role as User['role'] };
  }
}

/** The token from an `Authorization: Bearer …` header, if any. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return m?.[1];
}
