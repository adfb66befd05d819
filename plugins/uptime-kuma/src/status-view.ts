// What the routes serve and the widget renders: Uptime Kuma's answers, normalised and merged.

/** A monitor's state, as a word the widget shows beside its colour. */
export type MonitorStatus = 'down' | 'up' | 'pending' | 'maintenance' | 'unknown';

/** Uptime Kuma's status codes: 0 down, 1 up, 2 pending, 3 maintenance. */
export const STATUS_BY_CODE: readonly MonitorStatus[] = ['down', 'up', 'pending', 'maintenance'];

export const statusOf = (code: number | undefined): MonitorStatus => (code === undefined ? 'unknown' : STATUS_BY_CODE[code] ?? 'unknown');

export interface Beat {
  status: MonitorStatus;
  /** ISO time. */
  at: string;
  pingMs: number | null;
}

export interface MonitorView {
  id: number;
  name: string;
  status: MonitorStatus;
  /** Since when the monitor has had this status, as far as the recent heartbeats reach. */
  since: string | null;
  /** False when every recent heartbeat has this status: the state began before `since`. */
  sinceExact: boolean;
  /** Share of up heartbeats over 24 h, 0-1, or null when Uptime Kuma has none. */
  uptime24h: number | null;
  /** Last response time in ms (from /metrics when an API key is set, else the last heartbeat). */
  pingMs: number | null;
  /** The most recent heartbeats, oldest first. */
  beats: Beat[];
}

export interface GroupView {
  name: string;
  monitors: MonitorView[];
}

export interface IncidentView {
  title: string;
  content: string;
  /** Uptime Kuma's style: info, warning, danger, primary, light, dark. */
  style: string;
  createdAt: string | null;
  updatedAt: string | null;
}

export interface MaintenanceView {
  id: number;
  title: string;
  description: string;
  status: string;
}

export interface PageView {
  slug: string;
  title: string;
  incident: IncidentView | null;
  maintenance: MaintenanceView[];
  groups: GroupView[];
  /** When this page's data was last fetched successfully (null: never). */
  fetchedAt: string | null;
  /** Why the last fetch failed; the data shown is then the last known (stale). */
  error: string | null;
  /** Since when fetches of this page have been failing. */
  failingSince: string | null;
}

export interface UpstreamView {
  /** `ok`: answered; `unreachable`: no page could be read; `waiting`: not asked yet. */
  state: 'ok' | 'unreachable' | 'waiting';
  /** Since when it has been unreachable. */
  since: string | null;
  /** The last error, when unreachable. */
  error: string | null;
  /** When it was last asked. */
  checkedAt: string | null;
}

export interface StatusView {
  upstream: UpstreamView;
  /** True when some of what is shown is the last known state, not a fresh one. */
  stale: boolean;
  pages: PageView[];
  /** The poll interval, so a browser can tell when the view itself is old. */
  pollIntervalMs: number;
}

/** A monitor that changed state between two polls. */
export interface StatusChange {
  monitorId: number;
  name: string;
  from: MonitorStatus;
  to: MonitorStatus;
  at: string;
}

export const emptyView = (pollIntervalMs: number): StatusView => ({
  upstream: { state: 'waiting', since: null, error: null, checkedAt: null },
  stale: false,
  pages: [],
  pollIntervalMs,
});
