// One poll of Uptime Kuma: every configured page, merged with the last view so a failure keeps
// the last known states (marked stale) and a recovery clears the mark.
import type { KumaClient } from './kuma-client.js';
import { normalisePage } from './normalise.js';
import type { MonitorStatus, PageView, StatusChange, StatusView } from './status-view.js';

export interface PollResult {
  view: StatusView;
  /** Why /metrics could not be read, when an API key is set. */
  metricsError: string | null;
}

const blankPage = (slug: string): PageView => ({ slug, title: slug, incident: null, maintenance: [], groups: [], fetchedAt: null, error: null, failingSince: null });

export async function pollOnce(client: KumaClient, slugs: string[], hasApiKey: boolean, previous: StatusView, signal?: AbortSignal): Promise<PollResult> {
  const now = new Date().toISOString();
  // /metrics is asked beside the pages, so a poll takes one request timeout at the most.
  const metrics = hasApiKey ? client.responseTimes(signal).then((times) => ({ times, error: null }), (err: Error) => ({ times: undefined, error: err.message })) : undefined;

  const pages = await Promise.all(
    slugs.map(async (slug): Promise<PageView> => {
      try {
        const [page, beats, read] = await Promise.all([client.statusPage(slug, signal), client.heartbeats(slug, signal), metrics]);
        return normalisePage(slug, page, beats, read?.times, now);
      } catch (err) {
        const old = previous.pages.find((p) => p.slug === slug) ?? blankPage(slug);
        return { ...old, error: (err as Error).message, failingSince: old.failingSince ?? now };
      }
    }),
  );

  const failed = pages.filter((p) => p.error);
  const unreachable = failed.length === pages.length;
  const view: StatusView = {
    upstream: unreachable
      ? { state: 'unreachable', since: previous.upstream.state === 'unreachable' ? previous.upstream.since : now, error: failed[0]!.error, checkedAt: now }
      : { state: 'ok', since: null, error: null, checkedAt: now },
    stale: failed.length > 0,
    pages,
    pollIntervalMs: previous.pollIntervalMs,
  };
  return { view, metricsError: (await metrics)?.error ?? null };
}

/** A monitor's state as freshly read. */
export interface FreshState {
  name: string;
  status: Exclude<MonitorStatus, 'unknown'>;
  /** When the state began, as far as the heartbeats tell. */
  since: string | null;
}

/** The state of each monitor (by id, once) on the pages read in this poll; pages that failed show old data and do not count, nor do monitors without heartbeats. */
export function freshStates(view: StatusView): Map<number, FreshState> {
  const fresh = new Map<number, FreshState>();
  for (const page of view.pages) {
    if (page.error) continue;
    for (const group of page.groups) {
      for (const m of group.monitors) {
        if (m.status !== 'unknown' && !fresh.has(m.id)) fresh.set(m.id, { name: m.name, status: m.status, since: m.since });
      }
    }
  }
  return fresh;
}

/** Monitors whose fresh state differs from the last known one; a monitor seen for the first time is not a change. */
export function changesFrom(known: ReadonlyMap<number, string>, fresh: ReadonlyMap<number, FreshState>, now: string): StatusChange[] {
  const changes: StatusChange[] = [];
  for (const [id, m] of fresh) {
    const was = known.get(id) as MonitorStatus | undefined;
    if (was === undefined || was === m.status) continue;
    changes.push({ monitorId: id, name: m.name, from: was, to: m.status, at: m.since ?? now });
  }
  return changes;
}

/** The view without the times of the check and of the fetches, to tell whether anything a person sees has changed. */
export const visiblePart = (view: StatusView): string =>
  JSON.stringify({ ...view, upstream: { ...view.upstream, checkedAt: null }, pages: view.pages.map((p) => ({ ...p, fetchedAt: null })) });
