import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { User } from '@medianest/sdk';

/** Name of the httpOnly cookie that carries the opaque session id. */
export const SESSION_COOKIE = 'mn_session';
/** Sessions slide: each use extends them to 24 h from now. */
export const SESSION_TTL_SECONDS = 24 * 60 * 60;

interface StoredSession {
  user: User;
  createdAt?: string;
  ip?: string;
  userAgent?: string;
}

/** A session as the admin page shows it: never its id, only a handle derived from it. */
export interface SessionInfo {
  handle: string;
  user: User;
  createdAt: string | null;
  ip: string | null;
  userAgent: string | null;
}

/** A stable, non-secret name for a session (the id itself is a bearer credential). */
export const sessionHandle = (id: string): string => createHash('sha256').update(id).digest('base64url').slice(0, 22);

/** Looks a session up in Redis (`session:<id>`), sliding its expiry; null when absent or malformed. */
export class SessionStore {
  constructor(private readonly redis: Redis, private readonly prefix: string) {}

  private key(id: string): string {
    return `${this.prefix}session:${id}`;
  }

  async user(sessionId: string | undefined): Promise<User | null> {
    if (!sessionId || !/^[A-Za-z0-9_-]{16,128}$/.test(sessionId)) return null;
    const key = this.key(sessionId);
    const [[err, raw]] = (await this.redis.multi().get(key).expire(key, SESSION_TTL_SECONDS, 'XX').exec()) as [[Error | null, string | null]];
    if (err) throw err; // Redis away: not the same as signed out
    if (!raw) return null;
    try {
      const session = JSON.parse(raw) as StoredSession;
      const u = session.user;
      if (!u || typeof u.id !== 'string' || (u.role !== 'admin' && u.role !== 'user')) return null;
      return { id: u.id, name: String(u.name ?? u.id), role: u.role };
    } catch {
      return null;
    }
  }

  private index(userId: string): string {
    return `${this.prefix}user-sessions:${userId}`;
  }

  async create(id: string, user: User, meta: { ip?: string; userAgent?: string } = {}): Promise<void> {
    const session: StoredSession = { user, createdAt: new Date().toISOString(), ip: meta.ip, userAgent: meta.userAgent?.slice(0, 200) };
    await this.redis.multi().set(this.key(id), JSON.stringify(session), 'EX', SESSION_TTL_SECONDS).sadd(this.index(user.id), id).exec();
  }

  async revoke(id: string): Promise<void> {
    const raw = await this.redis.get(this.key(id));
    const userId = raw ? (JSON.parse(raw) as StoredSession).user?.id : undefined;
    const tx = this.redis.multi().del(this.key(id));
    if (userId) tx.srem(this.index(userId), id);
    await tx.exec();
  }

  /** Ends every session of a user (disabled, deleted, role changed); returns their ids. */
  async revokeUser(userId: string): Promise<string[]> {
    const ids = await this.redis.smembers(this.index(userId));
    await this.redis.del(...ids.map((id) => this.key(id)), this.index(userId));
    return ids;
  }

  /** Every live session, for the admin page; forgets index entries whose session expired. */
  async list(): Promise<Array<SessionInfo & { id: string }>> {
    const out: Array<SessionInfo & { id: string }> = [];
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.prefix}user-sessions:*`, 'COUNT', 200);
      cursor = next;
      for (const indexKey of keys) {
        const ids = await this.redis.smembers(indexKey);
        if (!ids.length) continue;
        const raws = await this.redis.mget(...ids.map((id) => this.key(id)));
        const gone: string[] = [];
        raws.forEach((raw, i) => {
          if (!raw) return void gone.push(ids[i]!);
          const s = JSON.parse(raw) as StoredSession;
          out.push({ id: ids[i]!, handle: sessionHandle(ids[i]!), user: s.user, createdAt: s.createdAt ?? null, ip: s.ip ?? null, userAgent: s.userAgent ?? null });
        });
        if (gone.length) await this.redis.srem(indexKey, ...gone);
      }
    } while (cursor !== '0');
    return out.sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
  }
}

/** The session id from a Cookie header, if any. */
export function sessionIdFromCookie(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}
