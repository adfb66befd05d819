// Words and numbers for the downloads UI.

/** "12.3 MB" */
export function bytes(n) {
  if (n === null || n === undefined) return '';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v >= 100 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

/** "1.2 MB/s" */
export const speed = (n) => (n ? `${bytes(n)}/s` : '');

/** "3 min left" */
export function eta(seconds) {
  if (seconds === null || seconds === undefined) return '';
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s left`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min left`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min left`;
}

/** The word for a state, and its colour class. */
export function state(d) {
  switch (d.status) {
    case 'queued': return ['Waiting', 'idle'];
    case 'dispatched': return ['Up next', 'idle'];
    case 'running':
      if (d.phase === 'processing') return ['Finishing', 'accent'];
      if (d.phase === 'checking') return ['Checking link', 'accent'];
      return ['Downloading', 'accent'];
    case 'done': return ['Done', 'ok'];
    case 'failed': return ['Failed', 'bad'];
    case 'canceled': return ['Cancelled', 'idle'];
    case 'skipped': return ['Already have it', 'warn'];
    default: return [d.status, 'idle'];
  }
}

/** "14:05" */
export const clock = (iso) => (iso ? new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '');

/** "3 Dec, 14:05" */
export const when = (iso) => (iso ? new Date(iso).toLocaleString([], { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }) : '');

/** The name to show: the title once known, else the link. */
export const titleOf = (d) => d.title || d.url;
