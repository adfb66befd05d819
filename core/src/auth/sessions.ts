import type { Redis } from 'ioredis';
import type { User } from '@medianest/sdk';

/** Name of the httpOnly cookie that carries the opaque session id. */
export const SESSION_COOKIE = 'mn_session';
/** Sessions slide: each use extends them to 24 h from now. */
export const SESSION_TTL_SECONDS = 24 * 60 * 60;

interface StoredSession {
  user: User;
}

/** Looks a session up in Redis (`session:<id>`), sliding its expiry; null when absent or malformed. */
export class SessionStore {
  constructor(private readonly redis: Redis, private readonly prefix: string) {}

  private key(id: string): string {
    return `${this.prefix}session:${id}`;
  }

  async user(sessionId: string | undefined): Promise<User | null> {
    if (!sessionId || !/^[A-Za-z0-9_-]{16,128}$/.test(sessionId)) return null;
    const key = this.key(sessionId);
    const [[, raw]] = (await this.redis.multi().get(key).expire(key, SESSION_TTL_SECONDS, 'XX').exec()) as [[Error | null, string | null]];
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

  async create(id: string, user: User): Promise<void> {
    await this.redis.set(this.key(id), JSON.stringify({ user }), 'EX', SESSION_TTL_SECONDS);
  }

  async revoke(id: string): Promise<void> {
    await this.redis.del(this.key(id));
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
