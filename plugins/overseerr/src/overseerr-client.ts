// Talks to Overseerr, Jellyseerr or Seerr (reference/overseerr-api.yml) through the SDK's http.
// Acting for a person is always the API key plus `X-Api-User: <their Overseerr id>`, so Overseerr
// applies their permissions, quota and auto-approval; the body `userId` is never sent.
import { toMs, type Http, type JSONSchema } from '@medianest/sdk';
import { apiBase, type OverseerrConfig } from './config.js';
import { OverseerrError } from './overseerr-error.js';
import { checkShape } from './shape-check.js';
import * as S from './overseerr-schemas.js';
import type { OCounts, OMovieDetails, OPage, OQuota, ORequest, ORequestBody, OSearch, OTvDetails, OUser } from './overseerr-types.js';

/** Options of one call: abort signal and, to act for a person, their Overseerr user id. */
export interface CallOptions {
  signal?: AbortSignal;
  asUser?: number;
}

/** Filters of GET /request, as in the spec. */
export type RequestFilter = 'all' | 'approved' | 'available' | 'pending' | 'processing' | 'unavailable' | 'failed';

export class OverseerrClient {
  private readonly base: string;

  constructor(private readonly http: Http, private readonly config: Pick<OverseerrConfig, 'baseUrl' | 'apiKey' | 'timeout'>) {
    this.base = apiBase(config.baseUrl);
  }

  /** GET /status: the version (no key needed). */
  status(o: CallOptions = {}): Promise<{ version: string; commitTag?: string | null; updateAvailable?: boolean }> {
    return this.get('/status', S.statusSchema, o);
  }

  /** GET /settings/public: 4K switches, and `mediaServerType` on Jellyseerr and Seerr. */
  publicSettings(o: CallOptions = {}): Promise<Record<string, unknown>> {
    return this.get('/settings/public', S.publicSettingsSchema, o);
  }

  /** GET /auth/me: who the API key (or X-Api-User) acts as. */
  me(o: CallOptions = {}): Promise<OUser> {
    return this.get('/auth/me', S.userSchema, o);
  }

  /** GET /user: one page of users. */
  users(take: number, skip: number, o: CallOptions = {}): Promise<OPage<OUser>> {
    return this.get(`/user?take=${take}&skip=${skip}&sort=created`, S.userPageSchema, o);
  }

  /** GET /search: movies, shows and people; `query` is encoded here. */
  search(query: string, page: number, o: CallOptions = {}): Promise<OSearch> {
    return this.get(`/search?query=${encodeURIComponent(query)}&page=${page}`, S.searchSchema, o);
  }

  /** GET /movie/{id} */
  movie(tmdbId: number, o: CallOptions = {}): Promise<OMovieDetails> {
    return this.get(`/movie/${tmdbId}`, S.movieDetailsSchema, o);
  }

  /** GET /tv/{id}: the seasons to choose from. */
  tv(tmdbId: number, o: CallOptions = {}): Promise<OTvDetails> {
    return this.get(`/tv/${tmdbId}`, S.tvDetailsSchema, o);
  }

  /** GET /request: newest first by `sort`. */
  requests(q: { take: number; skip?: number; filter?: RequestFilter; sort?: 'added' | 'modified'; requestedBy?: number }, o: CallOptions = {}): Promise<OPage<ORequest>> {
    const params = new URLSearchParams({ take: String(q.take), skip: String(q.skip ?? 0), filter: q.filter ?? 'all', sort: q.sort ?? 'added' });
    if (q.requestedBy !== undefined) params.set('requestedBy', String(q.requestedBy));
    return this.get(`/request?${params}`, S.requestPageSchema, o);
  }

  /** GET /request/{id} */
  request(id: number, o: CallOptions = {}): Promise<ORequest> {
    return this.get(`/request/${id}`, S.mediaRequestSchema, o);
  }

  /** GET /request/count */
  counts(o: CallOptions = {}): Promise<OCounts> {
    return this.get('/request/count', S.requestCountSchema, o);
  }

  /** GET /issue/count */
  issueCounts(o: CallOptions = {}): Promise<{ total?: number; open?: number; closed?: number }> {
    return this.get('/issue/count', S.issueCountSchema, o);
  }

  /** GET /user/{id}/quota, asked as that user (a user may read their own quota). */
  quota(userId: number, o: CallOptions = {}): Promise<OQuota> {
    return this.get(`/user/${userId}/quota`, S.quotaSchema, { asUser: userId, ...o });
  }

  /** POST /request as `asUser`. 201 is the request; 202 means no season was left to request. */
  async createRequest(body: ORequestBody, o: CallOptions & { asUser: number }): Promise<ORequest> {
    const res = await this.send('POST', '/request', body, o);
    if (res.status === 202) throw new OverseerrError('no-seasons', `Overseerr: ${res.message ?? 'no seasons left to request'}`, 202, res.message);
    return this.checked(res.body, S.mediaRequestSchema, 'POST /request');
  }

  /** POST /request/{id}/approve|decline with the admin key (X-Api-User of the admin when given). */
  async setStatus(id: number, status: 'approve' | 'decline', o: CallOptions = {}): Promise<ORequest> {
    const res = await this.send('POST', `/request/${id}/${status}`, undefined, o);
    return this.checked(res.body, S.mediaRequestSchema, `POST /request/${id}/${status}`);
  }

  private headers(o: CallOptions, json: boolean): Record<string, string> {
    const h: Record<string, string> = { 'x-api-key': this.config.apiKey, accept: 'application/json' };
    if (o.asUser !== undefined) h['x-api-user'] = String(o.asUser);
    if (json) h['content-type'] = 'application/json';
    return h;
  }

  private async get<T>(path: string, schema: JSONSchema, o: CallOptions): Promise<T> {
    const res = await this.send('GET', path, undefined, o);
    return this.checked(res.body, schema, `GET ${path.split('?')[0]}`);
  }

  /** One call; any status ≥ 400 (and 2xx bodies that are not JSON) become an OverseerrError. */
  private async send(method: string, path: string, body: unknown, o: CallOptions): Promise<{ status: number; body: unknown; message?: string }> {
    const what = `${method} ${path.split('?')[0]}`;
    let res: Response;
    let text: string;
    try {
      res = await this.http.fetch(`${this.base}${path}`, {
        method,
        headers: this.headers(o, body !== undefined),
        body: body === undefined ? undefined : JSON.stringify(body),
        timeout: this.config.timeout,
        retries: method === 'GET' ? 1 : 0,
        signal: o.signal,
      });
      text = await res.text();
    } catch (err) {
      throw this.failure(err, what);
    }
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      if (res.ok) throw new OverseerrError('shape', `${what} answered something that is not JSON (is the address Overseerr's?)`, res.status);
    }
    const message = typeof (parsed as { message?: unknown })?.message === 'string' ? (parsed as { message: string }).message : undefined;
    if (res.ok) return { status: res.status, body: parsed, message };
    // Overseerr answers a bad key and a user without the permission alike (403, no message):
    // asking who the key alone is tells them apart.
    if (res.status === 403 && !message && o.asUser !== undefined) {
      const keyWorks = await this.me({ signal: o.signal }).then(() => true, () => false);
      if (!keyWorks) throw this.refusal(403, undefined, what, {});
      const said = typeof (parsed as { error?: unknown })?.error === 'string' ? (parsed as { error: string }).error : 'no permission';
      throw new OverseerrError('permission', `Overseerr refused ${what} for user ${o.asUser} (403): "${said}"; check that user's permissions in Overseerr`, 403);
    }
    throw this.refusal(res.status, message, what, o);
  }

  private refusal(status: number, message: string | undefined, what: string, o: CallOptions): OverseerrError {
    const said = message ? `: "${message}"` : '';
    if (status === 401) return new OverseerrError('key', `Overseerr refused the API key (401) on ${what}: the key was changed or is wrong; paste the current one from Overseerr's Settings → General`, status, message);
    if (status === 403) {
      if (/quota/i.test(message ?? '')) return new OverseerrError('quota', `Overseerr refused ${what} (403, quota)${said}`, status, message);
      if (o.asUser === undefined && !message) return new OverseerrError('key', `Overseerr refused the API key (403) on ${what}: paste the current one from Overseerr's Settings → General`, status, message);
      return new OverseerrError('permission', `Overseerr refused ${what} (403, permission)${said}`, status, message);
    }
    if (status === 409) return new OverseerrError('duplicate', `Overseerr: already requested (409)${said}`, status, message);
    if (status === 404) return new OverseerrError('not-found', `${what} answered 404${said}`, status, message);
    return new OverseerrError('server', `${what} answered ${status}${said}`, status, message);
  }

  private failure(err: unknown, what: string): OverseerrError {
    if (err instanceof OverseerrError) return err;
    const message = (err as Error)?.message ?? String(err);
    const code = errorCode(err);
    const seconds = toMs(this.config.timeout) / 1000;
    if (/did not (answer|finish its answer) within/.test(message) || (err as Error)?.name === 'TimeoutError') {
      return new OverseerrError('timeout', `${what} did not answer within ${seconds} s (Overseerr is slow or stuck)`);
    }
    if ((err as Error)?.name === 'AbortError') return new OverseerrError('timeout', `${what} was cut short`);
    if (code) return new OverseerrError('unreachable', `cannot connect to Overseerr (${code}): is it running, and is the address right?`);
    return new OverseerrError('unreachable', `cannot reach Overseerr (${message.replaceAll(this.base, '')})`);
  }

  private checked<T>(value: unknown, schema: JSONSchema, what: string): T {
    const problem = checkShape(schema, value);
    if (problem) throw new OverseerrError('shape', `${what} answered an unexpected shape: ${problem}`);
    return value as T;
  }
}

/** The system error code (ECONNREFUSED, ENOTFOUND…) somewhere in an error's causes, or ''. */
function errorCode(err: unknown): string {
  let e: any = err;
  for (let depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code)) return e.code;
    if (Array.isArray(e.errors) && e.errors[0]?.code) return String(e.errors[0].code);
    e = e.cause;
  }
  return '';
}
