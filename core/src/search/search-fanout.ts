import type { Logger } from 'pino';
import { toMs, type SearchProvider, type SearchResult, type User } from '@medianest/sdk';

/** One provider's part of an answer: its results, or why there are none. */
export interface SearchGroup {
  /** The plugin id (`core` for the portal's own pages). */
  plugin: string;
  /** The group's heading. */
  title: string;
  results: SearchResult[];
  /** `ok`, or the provider took too long / failed (its group says so; the others are unaffected). */
  state: 'ok' | 'timeout' | 'failed';
  /** Words for the person when the state is not ok. */
  message?: string;
  /** The cause, for admins only. */
  detail?: string;
}

export interface SearchSource {
  plugin: string;
  provider: SearchProvider;
}

const DEFAULT_TIMEOUT_MS = 2000;
const MAX_TIMEOUT_MS = 5000;
const clip = (s: unknown, max: number) => (typeof s === 'string' ? s.trim().slice(0, max) : undefined);
// A portal route or a web address; never javascript: or other schemes that run on a click.
const SAFE_HREF = /^(#\/|https?:\/\/)/i;
// Pictures from the portal itself or inline: an outside address would tell that site who searched.
const SAFE_IMAGE = /^(\/(?!\/)|data:image\/(png|jpeg|gif|webp|avif);base64,)/i;

/** Keeps what a provider returned that is well formed, at most `limit` of it; counts what it dropped. */
export function cleanResults(raw: unknown, limit: number): { results: SearchResult[]; dropped: number } {
  if (!Array.isArray(raw)) return { results: [], dropped: 1 };
  const results: SearchResult[] = [];
  let dropped = 0;
  for (const item of raw) {
    if (results.length >= limit) break;
    const title = clip(item?.title, 200);
    const href = clip(item?.href, 2000);
    if (!title || !href || !SAFE_HREF.test(href)) {
      dropped++;
      continue;
    }
    const result: SearchResult = { title, href };
    const subtitle = clip(item.subtitle, 300);
    if (subtitle) result.subtitle = subtitle;
    const image = clip(item.image, 100_000);
    if (image && SAFE_IMAGE.test(image)) result.image = image;
    const kind = clip(item.kind, 40);
    if (kind) result.kind = kind;
    results.push(result);
  }
  return { results, dropped };
}

/**
 * Asks every provider at once. Each gets its own deadline and abort signal; one that throws, hangs
 * or answers nonsense costs only its own group. Groups keep the order of `sources`; empty `ok`
 * groups are left out.
 */
export async function searchAll(
  sources: SearchSource[],
  query: string,
  options: { user: User; limit: number; signal: AbortSignal; log: Logger },
): Promise<SearchGroup[]> {
  const groups = await Promise.all(sources.map((source) => askOne(source, query, options)));
  return groups.filter((g) => g.state !== 'ok' || g.results.length > 0);
}

async function askOne(
  { plugin, provider }: SearchSource,
  query: string,
  { user, limit, signal, log }: { user: User; limit: number; signal: AbortSignal; log: Logger },
): Promise<SearchGroup> {
  const title = provider.title;
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  try {
    if (provider.timeout !== undefined) timeoutMs = Math.min(MAX_TIMEOUT_MS, toMs(provider.timeout));
  } catch { /* checked at registration */ }
  const abort = new AbortController();
  const onOuter = () => abort.abort(signal.reason);
  signal.addEventListener('abort', onOuter, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const started = performance.now();
  try {
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const err = new Error(`did not answer within ${timeoutMs} ms`);
        err.name = 'SearchTimeout';
        abort.abort(err);
        reject(err);
      }, timeoutMs);
    });
    const raw = await Promise.race([
      Promise.resolve().then(() => provider.search(query, { user, signal: abort.signal, limit })),
      deadline,
    ]);
    const { results, dropped } = cleanResults(raw, limit);
    if (dropped) log.warn({ plugin, dropped }, 'a search provider returned results without a title or a safe href; they were left out');
    return { plugin, title, results, state: 'ok' };
  } catch (err) {
    const timedOut = (err as Error)?.name === 'SearchTimeout';
    const detail = timedOut ? `The search of ${plugin} ${(err as Error).message}` : `The search of ${plugin} failed: ${(err as Error)?.message ?? String(err)}`;
    if (!signal.aborted) log.warn({ plugin, err: timedOut ? undefined : err, ms: Math.round(performance.now() - started) }, detail);
    return {
      plugin,
      title,
      results: [],
      state: timedOut ? 'timeout' : 'failed',
      message: timedOut ? `${title} is taking too long to answer; try again in a moment.` : `${title} search isn't available right now.`,
      ...(user.role === 'admin' ? { detail } : {}),
    };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onOuter);
  }
}
