// What a page says when Plex cannot answer: household words for everyone, the cause for admins.
import type { User } from '@medianest/sdk';
import { PlexError } from './plex-errors.js';

export interface Problem {
  message: string;
  detail?: string;
  reconnect?: boolean;
}

export function problemOf(err: unknown, user: User | null, kind?: string): Problem {
  const e = err instanceof PlexError ? err : null;
  const failure = kind ?? e?.kind;
  const admin = user?.role === 'admin';
  if (failure === 'not-connected') {
    return admin ? { message: 'Plex is not connected: connect it in Admin → Plugins → Plex', detail: e?.message ?? 'no server is connected', reconnect: true } : { message: "Plex isn't set up yet" };
  }
  if (failure === 'unauthorized') {
    return admin ? { message: 'Plex refused the token (it was revoked?): reconnect Plex in Admin → Plugins → Plex', detail: e?.message ?? 'the server answered 401', reconnect: true } : { message: "Plex isn't available right now" };
  }
  return admin ? { message: "Plex can't be reached right now", detail: e?.message ?? (err as Error)?.message ?? 'unknown error' } : { message: "Plex isn't available right now" };
}
