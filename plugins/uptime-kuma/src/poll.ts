// One poll of Uptime Kuma: every configured page, merged with the last view so a failure keeps
// the last known states (marked stale) and a recovery clears the mark.
import type { KumaClient } from './kuma-client.js';
import type { ResponseTimes } from './metrics.js';
import { normalisePage } from './normalise.js';
import type { MonitorStatus, PageView, StatusChange, StatusView } from './status-view.js';

export interface PollResult {
  view: StatusView;
  /** Monitors whose state changed since the previous view. */
  changes: StatusChange[];
  /** Why /metrics could not be read, when an API key is set. */
  metricsError: string | null;
}

const blankPage = (slug: string): PageView => ({ slug, title: slug, incident: null, maintenance: [], groups: [], fetchedAt: null, error: null, failingSince: null });

export async function pollOnce(client: KumaClient, slugs: string[], hasApiKey: boolean, previous: StatusView, signal?: AbortSignal): Promise<PollResult> {
  const now = new Date().toISOString();
  let times: ResponseTimes | undefined;
  let metricsError: string | null = null;
  if (hasApiKey) {
    try {
      times = await client.responseTimes(signal);
    } catch (err) {
      metricsError = (err as Error).message;
    }
  }

  const pages = await Promise.all(
    slugs.map(async (slug): Promise<PageView> => {
      try {
        const [page, beats] = await Promise.all([client.statusPage(slug, signal), client.heartbeats(slug, signal)]);
        return normalisePage(slug, page, beats, times, now);
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
  return { view, changes: changesBetween(previous, view, now), metricsError };
}

/** Monitors (by id, once each) whose state differs between two views; only freshly read pages count. */
export function changesBetween(before: StatusView, after: StatusView, now: string): StatusChange[] {
  const old = new Map<number, MonitorStatus>();
  for (const page of before.pages) for (const group of page.groups) for (const m of group.monitors) old.set(m.id, m.status);
  const changes = new Map<number, StatusChange>();
  for (const page of after.pages) {
    if (page.error) continue;
    for (const group of page.groups) {
      for (const m of group.monitors) {
        const was = old.get(m.id);
        if (was === undefined || was === 'unknown' || was === m.status || m.status === 'unknown' || changes.has(m.id)) continue;
        changes.set(m.id, { monitorId: m.id, name: m.name, from: was, to: m.status, at: m.since ?? now });
      }
    }
  }
  return [...changes.values()];
}

/** The view without the time of the check, to tell whether anything a person sees has changed. */
export const visiblePart = (view: StatusView): string => JSON.stringify({ ...view, upstream: { ...view.upstream, checkedAt: null } });
