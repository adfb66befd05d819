// Turns one status page's answers from Uptime Kuma into the PageView the widget shows.
import type { KumaHeartbeats, KumaStatusPage } from './kuma-schemas.js';
import type { ResponseTimes } from './metrics.js';
import { statusOf, type Beat, type MonitorView, type PageView } from './status-view.js';

/** Heartbeats kept per monitor for the widget's strip. */
export const BEATS_SHOWN = 30;

/** Uptime Kuma writes UTC times as "2026-11-23 03:38:45.278" (no zone); a time with a zone keeps
 *  it; anything unreadable becomes null. */
export function kumaTime(value: string | null | undefined): string | null {
  if (!value) return null;
  const zoned = /(Z|[+-]\d\d(:?\d\d)?)$/i.test(value);
  const iso = /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d/.test(value) ? `${value.replace(' ', 'T')}${zoned ? '' : 'Z'}` : value;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function monitorView(id: number, name: string, heartbeats: KumaHeartbeats, times: ResponseTimes | undefined): MonitorView {
  const all: Beat[] = (heartbeats.heartbeatList[String(id)] ?? [])
    .map((b) => ({ status: statusOf(b.status), at: kumaTime(b.time), pingMs: typeof b.ping === 'number' ? b.ping : null }))
    .filter((b): b is Beat => b.at !== null)
    .sort((a, b) => a.at.localeCompare(b.at));
  const last = all.at(-1);
  const status = last?.status ?? 'unknown';
  // The start of the trailing run of beats with the current status.
  let since: string | null = null;
  let i = all.length - 1;
  for (; i >= 0 && all[i]!.status === status; i--) since = all[i]!.at;
  const uptime = heartbeats.uptimeList[`${id}_24`];
  const metricPing = times?.byId.get(id) ?? times?.byName.get(name);
  return {
    id,
    name,
    status,
    since,
    sinceExact: since !== null && i >= 0,
    uptime24h: typeof uptime === 'number' && uptime >= 0 && uptime <= 1 ? uptime : null,
    pingMs: status === 'down' ? null : metricPing ?? last?.pingMs ?? null,
    beats: all.slice(-BEATS_SHOWN),
  };
}

/** One page, fresh from Uptime Kuma. */
export function normalisePage(slug: string, page: KumaStatusPage, heartbeats: KumaHeartbeats, times: ResponseTimes | undefined, fetchedAt: string): PageView {
  const incident = page.incident
    ? {
        title: page.incident.title,
        content: page.incident.content ?? '',
        style: page.incident.style ?? 'info',
        createdAt: kumaTime(page.incident.createdDate),
        updatedAt: kumaTime(page.incident.lastUpdatedDate),
      }
    : null;
  return {
    slug,
    title: page.config.title,
    incident,
    maintenance: (page.maintenanceList ?? []).map((m) => ({ id: m.id, title: m.title, description: m.description ?? '', status: m.status ?? 'under-maintenance' })),
    groups: page.publicGroupList.map((g) => ({ name: g.name, monitors: g.monitorList.map((m) => monitorView(m.id, m.name, heartbeats, times)) })),
    fetchedAt,
    error: null,
    failingSince: null,
  };
}
