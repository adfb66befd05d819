// How the status widget words times, durations, changes and uptime. Plain JS with no imports, so
// Node's tests load it as the browser does.

export const WORDS = { up: 'up', down: 'down', pending: 'pending', maintenance: 'maintenance', unknown: 'no data' };

export const clock = (iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** "14:02", or "Mon 14:02" when not today. */
export function when(iso) {
  const date = new Date(iso);
  const today = new Date().toDateString() === date.toDateString();
  return today ? clock(iso) : `${date.toLocaleDateString([], { weekday: 'short' })} ${clock(iso)}`;
}

/** "45 s", "12 min", "3 h 5 min", "2 d 4 h". */
export function span(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** "went down", "came back up", … for the list of recent changes. */
export function verb(change) {
  if (change.to === 'down') return 'went down';
  if (change.to === 'up') return change.from === 'down' ? 'came back up' : 'is up';
  if (change.to === 'maintenance') return 'went into maintenance';
  return `is ${WORDS[change.to] ?? change.to}`;
}

/** "100%" only when nothing failed: 99.996 % shows as "99.99%", never rounded up. */
export const percent = (ratio) => (ratio === null ? '–' : ratio === 1 || ratio === 0 ? `${ratio * 100}%` : `${(Math.floor(ratio * 10_000 + 1e-6) / 100).toFixed(2)}%`);
