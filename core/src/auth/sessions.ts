import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { User } from '@medianest/sdk';
import { SESSION_CHANGED_MARK, SessionCache } from './session-cache.js';
import { rememberRecent } from './remember-recent.js';

/*
 * Signed-in requests: how a session, its CSRF token and the API rate limit stay both safe and cheap.
 * (This is the one place the design is explained; the files named here hold the details.)
 *
 * - A session id is 32 random bytes in an httpOnly cookie. Redis holds only `session:<sha256(id)>`
 *   and the per-user index of those hashes, so anything that can read Redis (a plugin, a leaked
 *   dump) learns no credential: a hash replayed as a cookie is hashed again and matches nothing.
 *   The admin page names a session by a handle, the first 22 characters of that hash.
 * - Sliding: a session lives 24 h from its last use. Reading it is one Lua call that also moves
 *   its expiry, at most once a minute; when it moved, the answer refreshes the cookie, so the
 *   cookie's Max-Age and Redis's TTL both say "24 h from the last slide".
 * - Reading (session-cache.ts): each web process remembers a session it read for at most
 *   SESSION_CACHE_MS (1 s, counted from when the read was sent); past half that, it is renewed in
 *   the background, so a busy session never waits on Redis. Renewals wait up to RENEW_BATCH_MS
 *   and go together, one Lua call for all the sessions due (a busy portal renews hundreds of
 *   sessions a second, and a round trip each was about 5 % of its CPU). A renewal asks only
 *   whether each session is still there (and slides it): what a session holds changes in place
 *   only with a word on the channel below, so the entry's read stays true and is kept, not
 *   rebuilt (re-reading and parsing each one was a quarter of what the busy portal promoted to
 *   V8's old generation). Sessions not in the cache
 *   (the first requests after a quiet second, a dashboard's burst) are read together too: those
 *   asked for in one turn of the event loop go in one call at its end. Ending a session (sign-out, an
 *   admin's revocation, disabling or demoting a person) deletes it in Redis and publishes its hash
 *   on `<prefix>sessions:ended`; every process forgets it on receipt, usually within milliseconds.
 *   While that subscription is down the cache is emptied and bypassed, so "access ends in every
 *   process within one second" holds even when a message is lost.
 * - CSRF (csrf.ts): the token is an HMAC keyed by the session id, so a cookie/header pair chosen by
 *   someone else (cookie tossing from a sibling host) does not match the session it rides on. It
 *   is computed, not stored, and the cookie is only set when the browser lacks the right one.
 * - Rate limits (rate-limit.ts): counts live in Redis per fixed window; each process leases a few
 *   counts at a time (a sixteenth of what is left, at most 50 or a thousandth of a large limit;
 *   one at a time at the end), so most requests are counted without a round trip and no process
 *   can ever admit more than the limit allows. Leases asked for in one turn of the event loop (a
 *   minute's windows ending together for everyone busy) go in one Lua call at its end.
 * - API tokens (api-tokens.ts): one query reads a token with its owner; each process answers a
 *   token from that read for at most TOKEN_CACHE_MS (1 s), so revoking it, disabling or demoting
 *   its owner reaches every process within a second, and a polling script costs a query a second.
 * A Redis outage still answers 503: a cache miss or an exhausted lease needs Redis, and the cache
 * is bypassed from the moment the subscription drops.
 */

/** Name of the httpOnly cookie that carries the opaque session id. */
export const SESSION_COOKIE = 'mn_session';
/** Sessions slide: each use extends them to 24 h from now (the expiry moves at most once a minute). */
export const SESSION_TTL_SECONDS = 24 * 60 * 60;
/** A session's expiry is moved at most this often. */
export const SLIDE_EVERY_SECONDS = 60;
/** How long a process may answer from what it read of a session, at the most. */
export const SESSION_CACHE_MS = 1000;

const SESSION_ID = /^[A-Za-z0-9_-]{16,128}$/;

interface StoredSession {
  user: User;
  /** Signed in with a temporary password an admin chose: only choosing a new one is allowed. */
  mustChangePassword?: boolean;
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

/** A session read for a request: its user, and whether this read moved its expiry (refresh the cookie then). */
export interface SessionRead {
  user: User;
  slid: boolean;
  /** The session may only choose a new password (and read /api/me, sign out) until it does. */
  mustChangePassword?: boolean;
}

/** What Redis stores a session under: the SHA-256 of its id (base64url), never the id itself. */
export const sessionKeyOf = rememberRecent((id) => createHash('sha256').update(id).digest('base64url'), 5000);
/** A stable, non-secret name for a session (the id itself is a bearer credential). */
export const sessionHandle = (id: string): string => handleOfKey(sessionKeyOf(id));

/** The handle of the session a request's Cookie header carries, if any (to mark "this device"). */
export function currentSessionHandle(cookieHeader: string): string | undefined {
  const id = sessionIdFromCookie(cookieHeader);
  return id ? sessionHandle(id) : undefined;
}
const handleOfKey = (key: string): string => key.slice(0, 22);

/** The Set-Cookie value that carries a session id; its Max-Age is the sliding lifetime. */
export function sessionCookie(id: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_TTL_SECONDS}${secure ? '; Secure' : ''}`;
}

/** The Set-Cookie value that removes the session cookie. */
export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? '; Secure' : ''}`;
}

// For each key: GET the session; when its TTL shows the last slide is over a minute old, EXPIRE it
// to the full lifetime. Answers, per key, the stored JSON (false when gone) and 1 when it slid.
const READ_AND_SLIDE = `
local out = {}
local full = tonumber(ARGV[1])
local every = tonumber(ARGV[2])
for i, key in ipairs(KEYS) do
  local raw = redis.call('GET', key)
  local slid = 0
  if raw then
    local ttl = redis.call('TTL', key)
    if ttl >= 0 and ttl < full - every then
      redis.call('EXPIRE', key, full)
      slid = 1
    end
  end
  out[2 * i - 1] = raw
  out[2 * i] = slid
end
return out`;

// For each key: whether the session is still there (0: gone, 1: there, 2: there and its expiry
// moved, by the same rule as READ_AND_SLIDE). A renewal only needs this: what a session holds never
// changes in place without a word on the ended channel, so the read it renews stays true.
const TOUCH_AND_SLIDE = `
local out = {}
local full = tonumber(ARGV[1])
local every = tonumber(ARGV[2])
for i, key in ipairs(KEYS) do
  local ttl = redis.call('TTL', key)
  if ttl == -2 then
    out[i] = 0
  elseif ttl >= 0 and ttl < full - every then
    redis.call('EXPIRE', key, full)
    out[i] = 2
  else
    out[i] = 1
  end
end
return out`;

/** Sessions read together (renewed in the background, or first asked for in one turn) go this many to a round trip, at the most. */
const RENEW_CHUNK = 200;

type ReadAndSlide = (count: number, ...args: Array<string | number>) => Promise<Array<string | number | null>>;
type TouchAndSlide = (count: number, ...args: Array<string | number>) => Promise<number[]>;

/** Sessions in Redis under the hash of their id; reads cached briefly per process once `cacheReads` is on. */
export class SessionStore {
  private cache?: SessionCache;
  private readonly read: ReadAndSlide;
  private readonly touch: TouchAndSlide;
  private waiting: Array<{ hash: string; resolve: (read: SessionRead | null) => void; reject: (err: unknown) => void }> = [];

  constructor(private readonly redis: Redis, private readonly prefix: string) {
    if (!(redis as any).mnReadSessions) redis.defineCommand('mnReadSessions', { lua: READ_AND_SLIDE });
    this.read = (redis as any).mnReadSessions.bind(redis);
    if (!(redis as any).mnTouchSessions) redis.defineCommand('mnTouchSessions', { lua: TOUCH_AND_SLIDE });
    this.touch = (redis as any).mnTouchSessions.bind(redis);
  }

  /** The channel on which ended sessions' hashes are published. */
  get endedChannel(): string {
    return `${this.prefix}sessions:ended`;
  }

  /** Turns on the per-process read cache, kept honest by `subscriber` (a dedicated connection, owned from now on). */
  cacheReads(subscriber: Redis): void {
    this.cache = new SessionCache(subscriber, this.endedChannel, SESSION_CACHE_MS, (hashes) => this.touchMany(hashes));
  }

  /** Calls `listener` with the handle of every session that ends, in any process (once `cacheReads` is on). */
  onEnded(listener: (handle: string) => void): void {
    this.cache?.onEnded.add((hash) => listener(handleOfKey(hash)));
  }

  private key(hash: string): string {
    return `${this.prefix}session:${hash}`;
  }

  private index(userId: string): string {
    return `${this.prefix}user-sessions:${userId}`;
  }

  /** The signed-in user of a session id; null when absent or malformed. Throws while Redis is away. */
  async user(sessionId: string | undefined): Promise<User | null> {
    return (await this.lookup(sessionId))?.user ?? null;
  }

  /** Like `user`, and says whether this read moved the session's expiry. */
  lookup(sessionId: string | undefined): Promise<SessionRead | null> {
    if (!sessionId || !SESSION_ID.test(sessionId)) return Promise.resolve(null);
    const hash = sessionKeyOf(sessionId);
    return this.cache ? this.cache.get(hash, () => this.fetch(hash)) : this.fetch(hash);
  }

  /** Joins the reads asked for in this turn of the event loop: they are sent together at its end. */
  private fetch(hash: string): Promise<SessionRead | null> {
    return new Promise((resolve, reject) => {
      if (this.waiting.push({ hash, resolve, reject }) === 1) setImmediate(() => this.fetchWaiting());
    });
  }

  private fetchWaiting(): void {
    const batch = this.waiting;
    this.waiting = [];
    this.fetchMany(batch.map((w) => w.hash)).then(
      (reads) => batch.forEach((w, i) => w.resolve(reads[i] ?? null)),
      (err) => batch.forEach((w) => w.reject(err)),
    );
  }

  /** Whether many sessions are still there (sliding them), in order: 0 gone, 1 there, 2 there and slid. */
  private touchMany(hashes: string[]): Promise<number[]> {
    return this.inChunks(hashes, (keys) => this.touch(keys.length, ...keys, SESSION_TTL_SECONDS, SLIDE_EVERY_SECONDS));
  }

  /** Reads (and slides) many sessions, in order: a few round trips however many there are. */
  private fetchMany(hashes: string[]): Promise<Array<SessionRead | null>> {
    return this.inChunks(hashes, async (keys) => {
      const found = await this.read(keys.length, ...keys, SESSION_TTL_SECONDS, SLIDE_EVERY_SECONDS);
      return keys.map((_, i) => parseSession(found[2 * i], found[2 * i + 1]));
    });
  }

  /** One script call per RENEW_CHUNK sessions, one after another; the answers joined in order. */
  private async inChunks<T>(hashes: string[], call: (keys: string[]) => Promise<T[]>): Promise<T[]> {
    const out: T[] = [];
    for (let from = 0; from < hashes.length; from += RENEW_CHUNK) {
      out.push(...(await call(hashes.slice(from, from + RENEW_CHUNK).map((hash) => this.key(hash)))));
    }
    return out;
  }

  /** Stores a new session; `mustChangePassword` restricts it to choosing a new password. */
  async create(id: string, user: User, meta: { ip?: string; userAgent?: string; mustChangePassword?: boolean } = {}): Promise<void> {
    const session: StoredSession = { user, createdAt: new Date().toISOString(), ip: meta.ip, userAgent: meta.userAgent?.slice(0, 200) };
    if (meta.mustChangePassword) session.mustChangePassword = true;
    const hash = sessionKeyOf(id);
    await this.redis.multi().set(this.key(hash), JSON.stringify(session), 'EX', SESSION_TTL_SECONDS).sadd(this.index(user.id), hash).exec();
  }

  /** Ends the session of a cookie's id (signing out). */
  async revoke(id: string): Promise<void> {
    await this.end([sessionKeyOf(id)]);
  }

  /** Ends the session an admin named by its handle; false when none has it. */
  async revokeHandle(handle: string): Promise<SessionInfo | null> {
    const found = (await this.listStored()).find((s) => s.handle === handle);
    if (!found) return null;
    await this.end([found.hash], found.user.id);
    const { hash: _hash, ...info } = found;
    return info;
  }

  /** Ends every session of a user (disabled, deleted, role changed), but `keep` (a session id) when given; returns the handles ended. */
  async revokeUser(userId: string, keep?: string): Promise<string[]> {
    const kept = keep ? sessionKeyOf(keep) : undefined;
    const hashes = (await this.redis.smembers(this.index(userId))).filter((hash) => hash !== kept);
    await this.end(hashes, userId);
    if (!kept) await this.redis.del(this.index(userId));
    return hashes.map(handleOfKey);
  }

  /** A session that had to choose a new password chose it: it may do everything again, in every process at once. */
  async passwordChosen(id: string): Promise<void> {
    const hash = sessionKeyOf(id);
    const raw = await this.redis.get(this.key(hash));
    if (!raw) return;
    const stored = JSON.parse(raw) as StoredSession;
    if (!stored.mustChangePassword) return;
    delete stored.mustChangePassword;
    // XX: a session that ended meanwhile stays ended.
    await this.redis.multi().set(this.key(hash), JSON.stringify(stored), 'KEEPTTL', 'XX').publish(this.endedChannel, SESSION_CHANGED_MARK + hash).exec();
    this.cache?.forget(hash);
  }

  /** Deletes sessions by hash and tells every process to forget them. */
  private async end(hashes: string[], userId?: string): Promise<void> {
    if (!hashes.length) return;
    if (!userId) {
      const raw = await this.redis.get(this.key(hashes[0]!));
      userId = raw ? (JSON.parse(raw) as StoredSession).user?.id : undefined;
    }
    const tx = this.redis.multi().del(...hashes.map((h) => this.key(h)));
    if (userId) tx.srem(this.index(userId), ...hashes);
    for (const hash of hashes) tx.publish(this.endedChannel, hash);
    await tx.exec();
    for (const hash of hashes) this.cache?.forget(hash);
  }

  /** Every live session, for the admin page. */
  async list(): Promise<SessionInfo[]> {
    return (await this.listStored()).map(({ hash: _hash, ...info }) => info);
  }

  /** Every live session with its hash; forgets index entries whose session expired. */
  private async listStored(): Promise<Array<SessionInfo & { hash: string }>> {
    const out: Array<SessionInfo & { hash: string }> = [];
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.prefix}user-sessions:*`, 'COUNT', 200);
      cursor = next;
      for (const indexKey of keys) {
        const hashes = await this.redis.smembers(indexKey);
        if (!hashes.length) continue;
        const raws = await this.redis.mget(...hashes.map((h) => this.key(h)));
        const gone: string[] = [];
        raws.forEach((raw, i) => {
          const hash = hashes[i]!;
          if (!raw) return void gone.push(hash);
          const s = JSON.parse(raw) as StoredSession;
          out.push({ hash, handle: handleOfKey(hash), user: s.user, createdAt: s.createdAt ?? null, ip: s.ip ?? null, userAgent: s.userAgent ?? null });
        });
        if (gone.length) await this.redis.srem(indexKey, ...gone);
      }
    } while (cursor !== '0');
    return out.sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
  }

  /** Stops the read cache's subscription. */
  close(): void {
    this.cache?.close();
  }
}

/** A stored session as a request sees it; null when it is gone or unreadable. */
function parseSession(raw: string | number | null | undefined, slid: string | number | null | undefined): SessionRead | null {
  if (typeof raw !== 'string') return null;
  try {
    const stored = JSON.parse(raw) as StoredSession;
    const u = stored.user;
    if (!u || typeof u.id !== 'string' || (u.role !== 'admin' && u.role !== 'user')) return null;
    const read: SessionRead = { user: Object.freeze({ id: u.id, name: String(u.name ?? u.id), role: u.role }), slid: Number(slid) === 1 };
    if (stored.mustChangePassword === true) read.mustChangePassword = true;
    return read;
  } catch {
    return null;
  }
}

/** The session id from a Cookie header, if any. */
export function sessionIdFromCookie(header: string | undefined): string | undefined {
  return header ? readCookie(header, SESSION_COOKIE) : undefined;
}

/** One cookie's value from a Cookie header; undefined when absent or its percent-escapes are garbled. */
export function readCookie(header: string, name: string): string | undefined {
  // Walks the header with indexOf: read on every signed-in request, and a split made garbage each time.
  for (let from = 0; from < header.length; ) {
    let end = header.indexOf(';', from);
    if (end === -1) end = header.length;
    const eq = header.indexOf('=', from);
    if (eq > from && eq < end && header.slice(from, eq).trim() === name) {
      const value = header.slice(eq + 1, end).trim();
      if (!value.includes('%')) return value;
      try {
        return decodeURIComponent(value);
      } catch {
        return undefined;
      }
    }
    from = end + 1;
  }
  return undefined;
}
