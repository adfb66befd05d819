// The server-side checks behind each tile's dot: one run for everybody, on an interval.
import { connect } from 'node:net';
import type { Http } from '@medianest/sdk';

/** A tile's dot: up (green), slow (amber), down (red), or unknown (grey: not checked yet / no check). */
export type DotState = 'up' | 'slow' | 'down' | 'unknown';

export interface TileStatus {
  state: DotState;
  /** How long the check took, when it got an answer. */
  latencyMs: number | null;
  /** What was found, for admins ("answered 503", "connection refused"). */
  reason: string;
  /** ISO time of the check. */
  checkedAt: string;
}

export interface CheckTarget {
  kind: 'http' | 'tcp';
  target: string;
}

/** A readable cause from a network error. */
function cause(err: unknown, timeoutMs: number): string {
  const e = err as Error & { cause?: { code?: string; message?: string }; code?: string };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || /did not answer within/.test(e?.message ?? '')) return `no answer within ${timeoutMs} ms`;
  const code = e?.cause?.code ?? e?.code;
  if (code === 'ECONNREFUSED') return 'connection refused (is it running?)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host name not found';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'host unreachable';
  if (code === 'ECONNRESET') return 'connection reset';
  if (typeof code === 'string' && code.startsWith('ERR_TLS') || /certificate/i.test(e?.cause?.message ?? '')) return `TLS problem: ${e?.cause?.message ?? code}`;
  return e?.cause?.message ?? e?.message ?? String(err);
}

/** GET the address: any answer below 500 means the app is there (401/403 are apps behind sign-in). */
export async function checkHttp(http: Http, url: string, timeoutMs: number, signal: AbortSignal): Promise<Omit<TileStatus, 'state' | 'checkedAt'> & { ok: boolean }> {
  const started = performance.now();
  try {
    const res = await http.fetch(url, { method: 'GET', redirect: 'manual', timeout: timeoutMs, retries: 0, signal, headers: { 'user-agent': 'MediaNest status check' } });
    const latencyMs = Math.round(performance.now() - started);
    await res.body?.cancel().catch(() => {});
    if (res.status >= 500) return { ok: false, latencyMs, reason: `answered ${res.status} ${res.statusText}`.trim() };
    return { ok: true, latencyMs, reason: `answered ${res.status} in ${latencyMs} ms` };
  } catch (err) {
    return { ok: false, latencyMs: null, reason: cause(err, timeoutMs) };
  }
}

/** Opens a TCP connection to `host:port` and closes it. */
export function checkTcp(target: string, timeoutMs: number, signal: AbortSignal): Promise<Omit<TileStatus, 'state' | 'checkedAt'> & { ok: boolean }> {
  const match = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(target.trim());
  if (!match) return Promise.resolve({ ok: false, latencyMs: null, reason: `"${target}" is not host:port` });
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect({ host: match[1], port: Number(match[2]), timeout: timeoutMs });
    const done = (result: Omit<TileStatus, 'state' | 'checkedAt'> & { ok: boolean }) => {
      socket.destroy();
      signal.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const onAbort = () => done({ ok: false, latencyMs: null, reason: 'check stopped' });
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => {
      const latencyMs = Math.round(performance.now() - started);
      done({ ok: true, latencyMs, reason: `port open, connected in ${latencyMs} ms` });
    });
    socket.once('timeout', () => done({ ok: false, latencyMs: null, reason: `no answer within ${timeoutMs} ms` }));
    socket.once('error', (err) => done({ ok: false, latencyMs: null, reason: cause(err, timeoutMs) }));
  });
}

/** Runs `run` over `items` with at most `limit` at a time. */
export async function mapLimit<T, R>(items: T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await run(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
