// Why a request to Plex or plex.tv failed, in words for the admin (never the token or a stack).

/** What kind of failure it was, so callers can choose what to say and do. */
export type PlexFailure = 'unreachable' | 'unauthorized' | 'not-found' | 'xml' | 'bad-answer' | 'status' | 'not-connected';

/** A failure of Plex or plex.tv; `message` is admin detail, safe to log and to show to admins. */
export class PlexError extends Error {
  constructor(readonly kind: PlexFailure, message: string, readonly status?: number) {
    super(message);
  }
}

/** True when `err` says the token was refused (revoked, wrong). */
export const isUnauthorized = (err: unknown): boolean => err instanceof PlexError && err.kind === 'unauthorized';

/** Removes any X-Plex-Token from text (URLs in error messages) before it is logged or shown. */
export const scrubToken = (text: string): string => text.replace(/(X-Plex-Token=)[^&\s"']+/gi, '$1…');
