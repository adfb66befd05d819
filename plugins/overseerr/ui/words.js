// Words and colours for what the pages show. Every state is a word and a colour, never colour alone.

/** A request's state: the word shown and its colour class. */
export const STATE = {
  pending: { word: 'Pending approval', tone: 'warn' },
  approved: { word: 'Approved', tone: 'accent' },
  declined: { word: 'Declined', tone: 'bad' },
  processing: { word: 'Downloading', tone: 'accent' },
  partial: { word: 'Partly available', tone: 'ok' },
  available: { word: 'Available', tone: 'ok' },
  failed: { word: 'Failed', tone: 'bad' },
  completed: { word: 'Completed', tone: 'ok' },
  unknown: { word: 'Unknown', tone: 'idle' },
};

/** What a search result says about a title. */
export const AVAILABILITY = {
  none: undefined,
  pending: { word: 'Requested', tone: 'warn' },
  processing: { word: 'Downloading', tone: 'accent' },
  partial: { word: 'Partly available', tone: 'ok' },
  available: { word: 'Available', tone: 'ok' },
  blocklisted: { word: 'Not allowed', tone: 'bad' },
  deleted: { word: 'Removed', tone: 'idle' },
  unknown: { word: 'Unknown', tone: 'idle' },
};

export const state = (s) => STATE[s] ?? STATE.unknown;
export const availability = (a) => (a in AVAILABILITY ? AVAILABILITY[a] : AVAILABILITY.unknown);

/** "Film · 1999" */
export const kindYear = (t) => [t.mediaType === 'tv' ? 'Show' : 'Film', t.year].filter(Boolean).join(' · ');

/** "today at 14:05", "yesterday", "3 Dec" */
export function when(iso, now = Date.now()) {
  const d = new Date(iso);
  const days = Math.floor((new Date(now).setHours(0, 0, 0, 0) - new Date(iso).setHours(0, 0, 0, 0)) / 86_400_000);
  const time = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  if (days <= 0) return `today at ${time}`;
  if (days === 1) return `yesterday at ${time}`;
  return d.toLocaleDateString([], { day: 'numeric', month: 'short', year: d.getFullYear() === new Date(now).getFullYear() ? undefined : 'numeric' });
}

/** "Seasons 1, 2 and 4" */
export function seasonList(seasons) {
  if (!seasons?.length) return '';
  const parts = seasons.map(String);
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
  return `${parts.length === 1 ? 'Season' : 'Seasons'} ${list}`;
}
