// A small, stateful Overseerr for the flow tests, on a real HTTP socket. It speaks the spec: every
// request it receives is checked against overseerr-api.yml (violations are recorded and answered
// 400), and every answer it gives is checked against the operation's response schema before it is
// sent (a violation is a 500 and recorded), so a test passes only on spec-true traffic. Permissions,
// quotas, auto-approval, duplicates and seasons follow Overseerr's server/routes/request.ts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OverseerrSpec } from './spec.js';

export interface FakeUser {
  id: number;
  email: string;
  username: string;
  plexId?: number;
  admin?: boolean;
  autoApprove?: boolean;
  request4k?: boolean;
  /** Requests allowed per `days` (0: no limit). */
  movieQuota?: { limit: number; days: number };
  tvQuota?: { limit: number; days: number };
}

interface Title {
  mediaType: 'movie' | 'tv';
  id: number;
  title: string;
  date: string;
  posterPath: string;
  overview: string;
  seasons?: number[];
}

interface Media {
  id: number;
  tmdbId: number;
  tvdbId: number | null;
  mediaType: 'movie' | 'tv';
  status: number;
  status4k: number;
  seasons: Array<{ seasonNumber: number; status: number; status4k: number }>;
  createdAt: string;
  updatedAt: string;
}

interface Req {
  id: number;
  status: number;
  mediaId: number;
  type: 'movie' | 'tv';
  is4k: boolean;
  seasons: number[];
  requestedBy: number;
  modifiedBy: number | null;
  createdAt: string;
  updatedAt: string;
}

/** One call the fake received, as the tests inspect it. */
export interface Recorded {
  method: string;
  path: string;
  query: Record<string, string>;
  apiKey?: string;
  apiUser?: string;
  body?: any;
  status: number;
}

const ISO = (t = Date.now()) => new Date(t).toISOString();

export class FakeOverseerr {
  readonly apiKey = 'fake-overseerr-api-key-0123456789abcdef';
  key = this.apiKey;
  version = '1.33.2';
  /** Extra fields of /settings/public (e.g. mediaServerType for Jellyseerr). */
  publicExtra: Record<string, unknown> = {};
  movie4k = true;
  series4k = false;
  /** Delay before answering, ms (a slow Overseerr). */
  delayMs = 0;
  /** When true, connections are cut without an answer. */
  down = false;
  readonly calls: Recorded[] = [];
  readonly violations: string[] = [];
  users: FakeUser[] = [
    { id: 1, email: 'admin@home.lan', username: 'admin', plexId: 1001, admin: true, autoApprove: true, request4k: true },
    { id: 2, email: 'uma@home.lan', username: 'uma', plexId: 1002, movieQuota: { limit: 5, days: 7 } },
    { id: 3, email: 'tom@home.lan', username: 'tom', plexId: 1003, movieQuota: { limit: 1, days: 7 } },
  ];
  titles: Title[] = [
    { mediaType: 'movie', id: 603, title: 'The Matrix', date: '1999-03-30', posterPath: '/matrix.jpg', overview: 'A hacker learns what the world really is.' },
    { mediaType: 'movie', id: 604, title: 'The Matrix Reloaded', date: '2003-05-15', posterPath: '/reloaded.jpg', overview: 'The fight goes on.' },
    { mediaType: 'movie', id: 105, title: 'Back to the Future', date: '1985-07-03', posterPath: '/bttf.jpg', overview: 'A teenager is sent thirty years into the past.' },
    { mediaType: 'tv', id: 1399, title: 'Game of Thrones', date: '2011-04-17', posterPath: '/got.jpg', overview: 'Nine families fight for the land of Westeros.', seasons: [0, 1, 2, 3] },
    { mediaType: 'tv', id: 1396, title: 'Breaking Bad', date: '2008-01-20', posterPath: '/bb.jpg', overview: 'A chemistry teacher turns to crime.', seasons: [1, 2, 3, 4, 5] },
  ];
  media: Media[] = [];
  requests: Req[] = [];
  private server!: Server;
  private readonly spec = new OverseerrSpec();
  private nextMedia = 1;
  private nextRequest = 1;
  url = '';

  static async start(): Promise<FakeOverseerr> {
    const fake = new FakeOverseerr();
    fake.server = createServer((req, res) => void fake.handle(req, res));
    await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', r));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** Calls to a path (without /api/v1), optionally of one method. */
  callsTo(path: string, method?: string): Recorded[] {
    return this.calls.filter((c) => c.path === path && (!method || c.method === method));
  }

  /** Makes media available (as a Plex scan would), moving it on without touching its requests. */
  makeAvailable(tmdbId: number, is4k = false): void {
    const m = this.media.find((x) => x.tmdbId === tmdbId)!;
    if (is4k) m.status4k = 5;
    else m.status = 5;
    m.updatedAt = ISO();
  }

  /** An admin's decision made in Overseerr itself (not through MediaNest). */
  decide(requestId: number, status: 2 | 3): void {
    const r = this.requests.find((x) => x.id === requestId)!;
    this.setRequestStatus(r, status, 1);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.down) {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    const url = new URL(req.url ?? '/', this.url);
    const path = url.pathname.replace(/^\/api\/v1/, '');
    let body: any;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      this.violations.push(`${req.method} ${path}: body is not JSON`);
    }
    const h = (name: string) => (req.headers[name] as string | undefined) ?? undefined;
    const record: Recorded = { method: req.method!, path, query: Object.fromEntries(url.searchParams), apiKey: h('x-api-key'), apiUser: h('x-api-user'), body, status: 0 };
    this.calls.push(record);
    const problems = this.spec.checkRequest(req.method!, url, { 'x-api-key': h('x-api-key'), 'x-api-user': h('x-api-user') }, body);
    if (problems.length) {
      this.violations.push(...problems);
      return this.send(res, record, 400, { message: problems.join('; ') }, false);
    }
    const [status, answer] = this.answer(req.method!, path, url.searchParams, body, record);
    this.send(res, record, status, answer, true);
  }

  private send(res: ServerResponse, record: Recorded, status: number, body: unknown, check: boolean): void {
    if (check) {
      const problems = this.spec.checkResponse(record.method, record.path, status, body);
      if (problems.length) {
        this.violations.push(...problems.map((p) => `fake answered outside the spec: ${p}`));
        status = 500;
        body = { message: 'the fake answered outside the spec' };
      }
    }
    record.status = status;
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  }

  /** Who the call acts as: the API key is user 1; X-Api-User switches (Overseerr's checkUser). */
  private caller(record: Recorded): FakeUser | undefined {
    if (record.apiKey !== this.key) return undefined;
    const id = record.apiUser ? Number(record.apiUser) : 1;
    return this.users.find((u) => u.id === id);
  }

  private answer(method: string, path: string, q: URLSearchParams, body: any, record: Recorded): [number, unknown] {
    if (method === 'GET' && path === '/status') return [200, { version: this.version, commitTag: `v${this.version}`, updateAvailable: false, commitsBehind: 0, restartRequired: false }];
    if (method === 'GET' && path === '/settings/public') return [200, { initialized: true, movie4kEnabled: this.movie4k, series4kEnabled: this.series4k, ...this.publicExtra }];
    const me = this.caller(record);
    if (!me) return [403, { error: 'You do not have permission to access this endpoint' }];
    const manager = me.admin === true;
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/auth/me') return [200, this.userJson(me)];
    if (method === 'GET' && path === '/user') {
      if (!manager) return [403, { error: 'You do not have permission to access this endpoint' }];
      const take = Number(q.get('take') ?? 10);
      const skip = Number(q.get('skip') ?? 0);
      const page = this.users.slice(skip, skip + take);
      return [200, { pageInfo: { page: Math.floor(skip / take) + 1, pages: Math.ceil(this.users.length / take), results: this.users.length }, results: page.map((u) => this.userJson(u)) }];
    }
    if (method === 'GET' && (m = /^\/user\/(\d+)\/quota$/.exec(path))) {
      const u = this.users.find((x) => x.id === Number(m![1]));
      if (!u) return [404, { message: 'User not found' }];
      if (u.id !== me.id && !manager) return [403, { message: "You do not have permission to view this user's requests." }];
      return [200, { movie: this.quota(u, 'movie'), tv: this.quota(u, 'tv') }];
    }
    if (method === 'GET' && path === '/search') {
      const words = (q.get('query') ?? '').toLowerCase();
      const hits = this.titles.filter((t) => t.title.toLowerCase().includes(words));
      return [200, { page: 1, totalPages: 1, totalResults: hits.length, results: hits.map((t) => this.resultJson(t)) }];
    }
    if (method === 'GET' && (m = /^\/(movie|tv)\/(\d+)$/.exec(path))) {
      const t = this.titles.find((x) => x.mediaType === m![1] && x.id === Number(m![2]));
      if (!t) return [404, { message: 'Unable to retrieve details.' }];
      return [200, this.detailsJson(t)];
    }
    if (method === 'GET' && path === '/request/count') {
      const count = (f: (r: Req) => boolean) => this.requests.filter(f).length;
      return [200, {
        total: this.requests.length,
        movie: count((r) => r.type === 'movie'),
        tv: count((r) => r.type === 'tv'),
        pending: count((r) => r.status === 1),
        approved: count((r) => r.status === 2),
        declined: count((r) => r.status === 3),
        processing: count((r) => r.status === 2 && this.mediaStatus(r) !== 5),
        available: count((r) => this.mediaStatus(r) === 5),
      }];
    }
    if (method === 'GET' && path === '/issue/count') return [200, { total: 1, video: 0, audio: 0, subtitles: 0, others: 1, open: 1, closed: 0 }];
    if (method === 'GET' && path === '/request') return [200, this.list(q, me)];
    if (method === 'POST' && path === '/request') return this.create(body, me);
    if (method === 'GET' && (m = /^\/request\/(\d+)$/.exec(path))) {
      const r = this.requests.find((x) => x.id === Number(m![1]));
      if (!r || (!manager && r.requestedBy !== me.id)) return [404, { message: 'Request not found.' }];
      return [200, this.requestJson(r)];
    }
    if (method === 'POST' && (m = /^\/request\/(\d+)\/(approve|decline)$/.exec(path))) {
      if (!manager) return [403, { error: 'You do not have permission to access this endpoint' }];
      const r = this.requests.find((x) => x.id === Number(m![1]));
      if (!r) return [404, { message: 'Request not found.' }];
      this.setRequestStatus(r, m[2] === 'approve' ? 2 : 3, me.id);
      return [200, this.requestJson(r)];
    }
    return [404, { message: 'Not found' }];
  }

  private list(q: URLSearchParams, me: FakeUser) {
    const filter = q.get('filter') ?? 'all';
    let rows = me.admin ? [...this.requests] : this.requests.filter((r) => r.requestedBy === me.id);
    const by = q.get('requestedBy');
    if (by) rows = rows.filter((r) => r.requestedBy === Number(by));
    const media = (r: Req) => this.mediaStatus(r);
    const keep: Record<string, (r: Req) => boolean> = {
      all: () => true,
      approved: (r) => r.status === 2,
      available: (r) => media(r) === 5,
      pending: (r) => r.status === 1,
      processing: (r) => r.status === 2 && media(r) === 3,
      unavailable: (r) => (r.status === 1 || r.status === 2) && media(r) !== 5,
      failed: (r) => r.status === 4,
    };
    rows = rows.filter(keep[filter] ?? (() => true));
    if (q.get('sort') === 'modified') rows.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.id - a.id);
    else rows.sort((a, b) => b.id - a.id);
    const take = Number(q.get('take') ?? 10);
    const skip = Number(q.get('skip') ?? 0);
    return { pageInfo: { page: Math.floor(skip / take) + 1, pages: Math.ceil(rows.length / take), results: rows.length }, results: rows.slice(skip, skip + take).map((r) => this.requestJson(r)) };
  }

  private create(body: any, me: FakeUser): [number, unknown] {
    const type: 'movie' | 'tv' = body.mediaType;
    const title = this.titles.find((t) => t.mediaType === type && t.id === body.mediaId);
    if (!title) return [500, { message: 'Unable to retrieve details.' }];
    const is4k = body.is4k === true;
    if (is4k && !me.request4k && !me.admin) return [403, { message: `You do not have permission to request 4K ${type === 'movie' ? 'movies' : 'series'}.` }];
    const quota = this.quota(me, type);
    if (quota.restricted) return [403, { message: `${type === 'movie' ? 'Movie' : 'Series'} Quota exceeded.` }];
    let media = this.media.find((x) => x.tmdbId === title.id && x.mediaType === type);
    if (type === 'movie' && media && this.requests.some((r) => r.mediaId === media!.id && r.is4k === is4k && r.status !== 3)) {
      return [409, { message: 'Request for this media already exists.' }];
    }
    let seasons: number[] = [];
    if (type === 'tv') {
      const taken = new Set(media ? this.requests.filter((r) => r.mediaId === media!.id && r.is4k === is4k && r.status !== 3).flatMap((r) => r.seasons) : []);
      const available = new Set((media?.seasons ?? []).filter((s) => (is4k ? s.status4k : s.status) === 5).map((s) => s.seasonNumber));
      const asked: number[] = body.seasons === 'all' ? (title.seasons ?? []).filter((n) => n > 0) : body.seasons ?? [];
      seasons = asked.filter((n) => !taken.has(n) && !available.has(n));
      if (!seasons.length) return [202, { message: 'No seasons available to request' }];
    }
    if (!media) {
      media = { id: this.nextMedia++, tmdbId: title.id, tvdbId: null, mediaType: type, status: 1, status4k: 1, seasons: [], createdAt: ISO(), updatedAt: ISO() };
      this.media.push(media);
    }
    if (is4k && media.status4k === 1) media.status4k = 2;
    if (!is4k && media.status === 1) media.status = 2;
    const auto = me.admin || me.autoApprove;
    const r: Req = { id: this.nextRequest++, status: auto ? 2 : 1, mediaId: media.id, type, is4k, seasons, requestedBy: me.id, modifiedBy: auto ? me.id : null, createdAt: ISO(), updatedAt: ISO() };
    this.requests.push(r);
    if (auto) this.setRequestStatus(r, 2, me.id);
    return [201, this.requestJson(r)];
  }

  private setRequestStatus(r: Req, status: number, by: number): void {
    r.status = status;
    r.modifiedBy = by;
    r.updatedAt = ISO(Math.max(Date.now(), Date.parse(r.updatedAt) + 1));
    // Approved, not yet picked up by Radarr/Sonarr: the media stays pending until startProcessing().
    this.media.find((m) => m.id === r.mediaId)!.updatedAt = ISO();
  }

  /** Radarr/Sonarr picked the title up: its media is processing (the request itself is not modified). */
  startProcessing(tmdbId: number, is4k = false): void {
    const m = this.media.find((x) => x.tmdbId === tmdbId)!;
    if (is4k) m.status4k = 3;
    else m.status = 3;
    m.updatedAt = ISO();
  }

  private mediaStatus(r: Req): number {
    const media = this.media.find((m) => m.id === r.mediaId)!;
    return r.is4k ? media.status4k : media.status;
  }

  private quota(u: FakeUser, type: 'movie' | 'tv') {
    const q = type === 'movie' ? u.movieQuota : u.tvQuota;
    if (!q || !q.limit) return { days: 7, limit: 0, used: 0, remaining: 0, restricted: false };
    const since = Date.now() - q.days * 86_400_000;
    const used = this.requests.filter((r) => r.requestedBy === u.id && r.type === type && Date.parse(r.createdAt) >= since).length;
    return { days: q.days, limit: q.limit, used, remaining: Math.max(0, q.limit - used), restricted: used >= q.limit };
  }

  private userJson(u: FakeUser) {
    return {
      id: u.id,
      email: u.email,
      username: u.username,
      plexUsername: u.username,
      plexId: u.plexId,
      userType: 1,
      permissions: u.admin ? 2 : 32,
      avatar: '/avatar.png',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      requestCount: this.requests.filter((r) => r.requestedBy === u.id).length,
    };
  }

  private mediaJson(m: Media) {
    return { id: m.id, tmdbId: m.tmdbId, tvdbId: m.tvdbId, mediaType: m.mediaType, status: m.status, status4k: m.status4k, seasons: m.seasons, createdAt: m.createdAt, updatedAt: m.updatedAt };
  }

  private requestJson(r: Req) {
    const media = this.media.find((m) => m.id === r.mediaId)!;
    const by = this.users.find((u) => u.id === r.requestedBy)!;
    const modifiedBy = r.modifiedBy ? this.users.find((u) => u.id === r.modifiedBy) : undefined;
    return {
      id: r.id,
      status: r.status,
      type: r.type,
      media: this.mediaJson(media),
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
      requestedBy: this.userJson(by),
      modifiedBy: modifiedBy ? this.userJson(modifiedBy) : null,
      is4k: r.is4k,
      seasons: r.seasons.map((n) => ({ id: n, seasonNumber: n, status: r.status })),
    };
  }

  private mediaOf(t: Title) {
    const m = this.media.find((x) => x.tmdbId === t.id && x.mediaType === t.mediaType);
    return m ? this.mediaJson(m) : undefined;
  }

  private resultJson(t: Title) {
    const common = { id: t.id, mediaType: t.mediaType, popularity: 10, posterPath: t.posterPath, backdropPath: '/backdrop.jpg', voteCount: 100, voteAverage: 8, genreIds: [18], overview: t.overview, originalLanguage: 'en' };
    const mediaInfo = this.mediaOf(t);
    return t.mediaType === 'movie'
      ? { ...common, title: t.title, originalTitle: t.title, releaseDate: t.date, adult: false, video: false, ...(mediaInfo ? { mediaInfo } : {}) }
      : { ...common, name: t.title, originalName: t.title, originCountry: ['US'], firstAirDate: t.date, ...(mediaInfo ? { mediaInfo } : {}) };
  }

  private detailsJson(t: Title) {
    const mediaInfo = this.mediaOf(t);
    const base = { id: t.id, posterPath: t.posterPath, overview: t.overview, ...(mediaInfo ? { mediaInfo } : {}) };
    if (t.mediaType === 'movie') return { ...base, title: t.title, releaseDate: t.date };
    return {
      ...base,
      name: t.title,
      firstAirDate: t.date,
      externalIds: { tvdbId: 100_000 + t.id },
      seasons: (t.seasons ?? []).map((n) => ({ id: t.id * 100 + n, seasonNumber: n, name: n === 0 ? 'Specials' : `Season ${n}`, episodeCount: 10, airDate: t.date, overview: '', posterPath: t.posterPath })),
    };
  }
}
