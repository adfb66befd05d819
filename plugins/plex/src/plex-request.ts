// One JSON request to Plex or plex.tv, with every way it can fail turned into a PlexError.
import { toMs, type Http, type JSONSchema } from '@medianest/sdk';
import { PlexError, scrubToken } from './plex-errors.js';

export interface PlexRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  headers: Record<string, string>;
  timeout: string;
  signal?: AbortSignal;
  /** Names the service in messages: "Plex Media Server" or "plex.tv". */
  service: string;
}

/** The raw answer, after network errors, 401 and non-2xx statuses are turned into PlexErrors. */
export async function plexFetch(http: Http, url: string, req: PlexRequest): Promise<Response> {
  let res: Response;
  try {
    res = await http.fetch(url, { method: req.method ?? 'GET', headers: req.headers, timeout: req.timeout, retries: req.method && req.method !== 'GET' ? 0 : 1, signal: req.signal });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const why = e.cause?.code === 'ECONNREFUSED' ? 'the connection was refused' : e.cause?.code === 'ENOTFOUND' ? 'the host name was not found' : e.name === 'TimeoutError' || /timed? ?out/i.test(e.message) ? `no answer within ${Math.round(toMs(req.timeout) / 1000)} s` : scrubToken(e.message);
    throw new PlexError('unreachable', `${req.service} at ${origin(url)} cannot be reached: ${why}`);
  }
  if (res.status === 401) {
    await res.body?.cancel();
    throw new PlexError('unauthorized', `${req.service} answered 401: the token was revoked or is wrong; connect Plex again`, 401);
  }
  if (res.status === 404) {
    await res.body?.cancel();
    throw new PlexError('not-found', `${req.service} has no ${new URL(url).pathname}`, 404);
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new PlexError('status', `${req.service} answered ${res.status} to ${new URL(url).pathname}`, res.status);
  }
  return res;
}

/** Parses a JSON answer; an XML one (Plex's default) or a wrong shape gives a clear error. */
export async function plexJson<T>(http: Http, url: string, req: PlexRequest, check?: (value: unknown) => string | null): Promise<T> {
  const res = await plexFetch(http, url, req);
  const type = res.headers.get('content-type') ?? '';
  const text = await res.text();
  if (/xml/i.test(type) || text.trimStart().startsWith('<')) {
    throw new PlexError('xml', `${req.service} answered XML instead of JSON at ${new URL(url).pathname}: it may be too old, or a proxy in front of it drops the Accept header`);
  }
  if (text === '' && res.status === 200) return undefined as T;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new PlexError('bad-answer', `${req.service} sent an answer that is not JSON at ${new URL(url).pathname}`);
  }
  const problem = check?.(value);
  if (problem) throw new PlexError('bad-answer', `${req.service} sent an unexpected answer at ${new URL(url).pathname}: ${problem}`);
  return value as T;
}

const origin = (url: string): string => new URL(url).origin;

export type { JSONSchema };
