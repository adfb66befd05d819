// plex.tv: PINs for sign-in, who a token belongs to, which servers it reaches, who a server is shared with.
import type { Http } from '@medianest/sdk';
import { trimBase } from './config.js';
import { PlexError } from './plex-errors.js';
import { plexFetch, plexJson } from './plex-request.js';

/** A sign-in PIN (`POST /api/v2/pins?strong=true`). */
export interface PlexPin {
  id: number;
  code: string;
  expiresAt?: string;
  authToken?: string | null;
}

/** A Plex account (`GET /api/v2/user`). */
export interface PlexTvUser {
  id: number;
  uuid?: string;
  username: string;
  title?: string;
  email?: string;
  thumb?: string;
}

/** A device of the account (`GET /api/v2/resources`); servers have `provides` containing "server". */
export interface PlexResource {
  name: string;
  clientIdentifier: string;
  provides: string;
  owned: boolean;
  productVersion?: string;
  accessToken?: string;
  connections: Array<{ uri: string; local: boolean; relay: boolean; protocol?: string; address?: string; port?: number }>;
}

/** A friend of the admin, with the servers shared with them (`GET /api/users`). */
export interface PlexSharedUser {
  id: number;
  username?: string;
  email?: string;
  serverIds: string[];
}

export class PlexTvClient {
  constructor(
    private readonly http: Http,
    private readonly base: string,
    private readonly headers: (token?: string) => Record<string, string>,
    private readonly timeout: string,
  ) {}

  private url(path: string): string {
    return `${trimBase(this.base)}${path}`;
  }

  private json<T>(path: string, token: string | undefined, signal?: AbortSignal, method: 'GET' | 'POST' = 'GET'): Promise<T> {
    return plexJson<T>(this.http, this.url(path), { method, headers: this.headers(token), timeout: this.timeout, signal, service: 'plex.tv' });
  }

  /** A new PIN with a long code, for the app.plex.tv auth page. */
  async createPin(signal?: AbortSignal): Promise<PlexPin> {
    const pin = await this.json<PlexPin>('/api/v2/pins?strong=true', undefined, signal, 'POST');
    if (typeof pin?.id !== 'number' || typeof pin.code !== 'string') throw new PlexError('bad-answer', 'plex.tv sent a PIN without an id or code');
    return pin;
  }

  /** The PIN as it is now: `authToken` is set once the person approved. A 404 means it expired. */
  async pin(id: number, signal?: AbortSignal): Promise<PlexPin> {
    return this.json<PlexPin>(`/api/v2/pins/${id}`, undefined, signal);
  }

  /** Who `token` belongs to. */
  async user(token: string, signal?: AbortSignal): Promise<PlexTvUser> {
    const user = await this.json<PlexTvUser>('/api/v2/user', token, signal);
    if (typeof user?.id !== 'number' || !user.username) throw new PlexError('bad-answer', 'plex.tv sent an account without an id or username');
    return user;
  }

  /** The devices `token` reaches (servers it owns or that are shared with it). */
  async resources(token: string, signal?: AbortSignal): Promise<PlexResource[]> {
    const list = await this.json<PlexResource[]>('/api/v2/resources?includeHttps=1&includeRelay=1', token, signal);
    if (!Array.isArray(list)) throw new PlexError('bad-answer', 'plex.tv sent a resource list that is not a list');
    return list.map((r) => ({ ...r, connections: Array.isArray(r.connections) ? r.connections : [] }));
  }

  /** The people the admin (`adminToken`) shares servers with, and which servers. */
  async sharedUsers(adminToken: string, signal?: AbortSignal): Promise<PlexSharedUser[]> {
    const res = await plexFetch(this.http, this.url('/api/users'), { headers: this.headers(adminToken), timeout: this.timeout, signal, service: 'plex.tv' });
    const text = await res.text();
    // plex.tv has long answered this one in XML whatever Accept says: read both.
    if (text.trimStart().startsWith('<')) return parseUsersXml(text);
    let body: { MediaContainer?: { User?: Array<{ id: number; username?: string; email?: string; Server?: Array<{ machineIdentifier?: string }> }> } };
    try {
      body = JSON.parse(text);
    } catch {
      throw new PlexError('bad-answer', 'plex.tv sent a list of users that is neither JSON nor XML');
    }
    return (body.MediaContainer?.User ?? []).map((u) => ({ id: Number(u.id), username: u.username, email: u.email, serverIds: (u.Server ?? []).map((s) => s.machineIdentifier ?? '').filter(Boolean) }));
  }

  /** Whether `token` still works (`GET /api/v2/ping`). */
  async ping(token: string, signal?: AbortSignal): Promise<void> {
    const res = await plexFetch(this.http, this.url('/api/v2/ping'), { headers: this.headers(token), timeout: this.timeout, signal, service: 'plex.tv' });
    await res.body?.cancel();
  }
}

// The attributes of <User> and their <Server> children; plex.tv's XML is flat and regular enough that
// a full XML parser would add a dependency for two element names.
export function parseUsersXml(xml: string): PlexSharedUser[] {
  const users: PlexSharedUser[] = [];
  const userRe = /<User\b([^>]*?)(\/>|>([\s\S]*?)<\/User>)/g;
  for (const m of xml.matchAll(userRe)) {
    const attrs = attributes(m[1]!);
    const servers = [...(m[3] ?? '').matchAll(/<Server\b([^>]*?)\/?>/g)].map((s) => attributes(s[1]!).machineIdentifier ?? '').filter(Boolean);
    if (attrs.id) users.push({ id: Number(attrs.id), username: attrs.username, email: attrs.email, serverIds: servers });
  }
  return users;
}

function attributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of text.matchAll(/([A-Za-z_:][\w:.-]*)="([^"]*)"/g)) out[a[1]!] = a[2]!.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return out;
}
