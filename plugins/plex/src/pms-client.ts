// Plex Media Server, spoken as plex-api-spec.yaml (1.1.1) and the legacy 0.0.3 spec describe it.
import type { Http } from '@medianest/sdk';
import { trimBase } from './config.js';
import { PlexError } from './plex-errors.js';
import { plexFetch, plexJson } from './plex-request.js';
import type { PmsContainer, PmsDirectory, PmsHub, PmsIdentity, PmsMetadata } from './pms-types.js';

/** Where a server answers and the token that opens it. */
export interface ServerAccess {
  url: string;
  token: string;
}

/** One page of a library, with Plex's own total. */
export interface PmsPage {
  items: PmsMetadata[];
  total: number;
}

export class PmsClient {
  constructor(
    private readonly http: Http,
    private readonly headers: (token: string) => Record<string, string>,
    private readonly timeout: string,
  ) {}

  private get<T>(server: ServerAccess, path: string, signal?: AbortSignal, extra: Record<string, string> = {}, token = server.token): Promise<T> {
    return plexJson<T>(this.http, `${trimBase(server.url)}${path}`, { headers: { ...this.headers(token), ...extra }, timeout: this.timeout, signal, service: 'Plex Media Server' });
  }

  /** The server's machine identifier and version (`GET /identity`, no token needed). */
  async identity(server: ServerAccess, signal?: AbortSignal): Promise<{ machineIdentifier: string; version: string }> {
    const body = await this.get<PmsIdentity>(server, '/identity', signal);
    const id = body?.MediaContainer?.machineIdentifier;
    if (!id) throw new PlexError('bad-answer', 'Plex Media Server did not say its machine identifier at /identity');
    return { machineIdentifier: id, version: body.MediaContainer?.version ?? 'unknown' };
  }

  /** The server's name, as set in Plex (`GET /`, needs the token: proves it works). */
  async root(server: ServerAccess, signal?: AbortSignal): Promise<{ friendlyName: string; version: string; machineIdentifier: string }> {
    const body = await this.get<PmsContainer<'Directory', unknown>>(server, '/', signal);
    const c = body?.MediaContainer ?? {};
    return { friendlyName: c.friendlyName ?? 'Plex Media Server', version: c.version ?? 'unknown', machineIdentifier: c.machineIdentifier ?? '' };
  }

  /** Library sections with their folders (`GET /library/sections`). */
  async sections(server: ServerAccess, signal?: AbortSignal): Promise<PmsDirectory[]> {
    const body = await this.get<PmsContainer<'Directory', PmsDirectory>>(server, '/library/sections', signal);
    return body?.MediaContainer?.Directory ?? [];
  }

  /** One page of a section (`X-Plex-Container-Start/Size`), sorted by `sort` (e.g. `titleSort`, `addedAt:desc`). */
  async items(server: ServerAccess, sectionId: string, page: { start: number; size: number; sort: string }, signal?: AbortSignal): Promise<PmsPage> {
    const query = new URLSearchParams({ sort: page.sort });
    const body = await this.get<PmsContainer<'Metadata', PmsMetadata>>(server, `/library/sections/${encodeURIComponent(sectionId)}/all?${query}`, signal, {
      'x-plex-container-start': String(page.start),
      'x-plex-container-size': String(page.size),
    });
    const c = body?.MediaContainer ?? {};
    return { items: c.Metadata ?? [], total: c.totalSize ?? c.size ?? 0 };
  }

  /** How many items a section holds, without reading them (a page of size 0). */
  async count(server: ServerAccess, sectionId: string, signal?: AbortSignal): Promise<number> {
    return (await this.items(server, sectionId, { start: 0, size: 0, sort: 'titleSort' }, signal)).total;
  }

  /** The newest items of a section (`GET /library/sections/{id}/recentlyAdded`). */
  async recentlyAdded(server: ServerAccess, sectionId: string, size: number, signal?: AbortSignal): Promise<PmsMetadata[]> {
    const body = await this.get<PmsContainer<'Metadata', PmsMetadata>>(server, `/library/sections/${encodeURIComponent(sectionId)}/recentlyAdded`, signal, {
      'x-plex-container-start': '0',
      'x-plex-container-size': String(size),
    });
    return body?.MediaContainer?.Metadata ?? [];
  }

  /** What `userToken`'s owner was watching (`GET /hubs/continueWatching` with *their* token). */
  async continueWatching(server: ServerAccess, userToken: string, count: number, signal?: AbortSignal): Promise<PmsMetadata[]> {
    const body = await this.get<PmsContainer<'Hub', PmsHub>>(server, `/hubs/continueWatching?count=${count}`, signal, {}, userToken);
    return (body?.MediaContainer?.Hub ?? []).flatMap((h) => h.Metadata ?? []).slice(0, count);
  }

  /** Every stream playing now (`GET /status/sessions`). */
  async sessions(server: ServerAccess, signal?: AbortSignal): Promise<PmsMetadata[]> {
    const body = await this.get<PmsContainer<'Metadata', PmsMetadata>>(server, '/status/sessions', signal);
    return body?.MediaContainer?.Metadata ?? [];
  }

  /** Search across libraries (`GET /hubs/search`); `limit` is per hub. */
  async search(server: ServerAccess, query: string, limit: number, signal?: AbortSignal): Promise<PmsHub[]> {
    const q = new URLSearchParams({ query, limit: String(limit) });
    const body = await this.get<PmsContainer<'Hub', PmsHub>>(server, `/hubs/search?${q}`, signal);
    return body?.MediaContainer?.Hub ?? [];
  }

  /** A poster resized by Plex (`GET /photo/:/transcode`), as bytes and their type. */
  async photo(server: ServerAccess, path: string, width: number, height: number, signal?: AbortSignal): Promise<{ bytes: Buffer; type: string }> {
    const q = new URLSearchParams({ url: path, width: String(width), height: String(height), minSize: '1', upscale: '1', format: 'jpeg' });
    const headers = { ...this.headers(server.token), accept: 'image/*' };
    const res = await plexFetch(this.http, `${trimBase(server.url)}/photo/:/transcode?${q}`, { headers, timeout: this.timeout, signal, service: 'Plex Media Server' });
    const type = res.headers.get('content-type') ?? 'image/jpeg';
    const bytes = Buffer.from(await res.arrayBuffer());
    if (!type.startsWith('image/')) throw new PlexError('bad-answer', `Plex Media Server answered ${type} instead of an image at /photo/:/transcode`);
    return { bytes, type };
  }

  /** Asks the server to scan a section, only `path` inside it when given (`POST /library/sections/{id}/refresh`). */
  async refresh(server: ServerAccess, sectionId: string, path?: string, signal?: AbortSignal): Promise<void> {
    const q = path ? `?${new URLSearchParams({ path })}` : '';
    const res = await plexFetch(this.http, `${trimBase(server.url)}/library/sections/${encodeURIComponent(sectionId)}/refresh${q}`, {
      method: 'POST', headers: this.headers(server.token), timeout: this.timeout, signal, service: 'Plex Media Server',
    });
    await res.body?.cancel();
  }

  /** The notification socket's address (the token goes in the query: browsers' WebSocket API sends no headers). */
  notificationsUrl(server: ServerAccess): string {
    const url = new URL(`${trimBase(server.url)}/:/websocket/notifications`);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('X-Plex-Token', server.token);
    return url.toString();
  }
}
