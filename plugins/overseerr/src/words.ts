// Overseerr's answers in plain words: household words for members, the cause for admins.
import { Conflict, Forbidden, HttpError, NotFound, ServiceUnavailable, type User } from '@medianest/sdk';
import { isOverseerrError, type OverseerrError } from './overseerr-error.js';
import type { OQuota, OQuotaPart } from './overseerr-types.js';

/** Shown to someone whose MediaNest account has no Overseerr user yet. */
export const NOT_LINKED = "Your account isn't linked to Overseerr yet; ask an admin";

/** Shown to members when Overseerr cannot be used at the moment. */
export const AWAY = "Requests aren't available right now; try again in a little while";

/** "2 of 5 left this week" for one quota, or undefined when there is no limit. */
export function quotaLine(part: OQuotaPart | undefined, noun: 'film' | 'show'): string | undefined {
  if (!part || !part.limit) return undefined;
  const used = Math.max(0, part.used ?? 0);
  const remaining = Math.max(0, part.remaining ?? part.limit - used);
  return `${remaining} of ${part.limit} ${noun} requests left ${period(part.days)}`;
}

/** "this week", "in the last 3 days", … */
export function period(days: number | null | undefined): string {
  if (!days || days <= 0) return 'for now';
  if (days === 1) return 'today';
  if (days === 7) return 'this week';
  if (days === 30 || days === 31) return 'this month';
  return `in any ${days} days`;
}

/** What to say when Overseerr refused a request for the quota. */
export function quotaRefusal(quota: OQuota | undefined, mediaType: 'movie' | 'tv'): string {
  const part = mediaType === 'movie' ? quota?.movie : quota?.tv;
  const noun = mediaType === 'movie' ? 'film' : 'show';
  if (part?.limit) return `You have used your ${part.limit} ${noun} request${part.limit === 1 ? '' : 's'} ${period(part.days)}; ask an admin if you need more`;
  return `You have used all your ${noun} requests for now; ask an admin if you need more`;
}

/** An HttpError carrying the right words for this person. */
export function explain(err: unknown, user: User | null, context: { fourK?: boolean } = {}): HttpError {
  if (!isOverseerrError(err)) throw err;
  const admin = user?.role === 'admin';
  const e = err as OverseerrError;
  switch (e.reason) {
    case 'duplicate':
      return new Conflict('Already requested: it is in the list and on its way');
    case 'no-seasons':
      return new Conflict('Those seasons are already available or requested; pick others');
    case 'quota':
      return new Forbidden(admin ? `Overseerr's quota refused it: ${e.upstreamMessage ?? e.detail}` : 'You have used all your requests for now; ask an admin if you need more');
    case 'permission':
      return new Forbidden(
        admin
          ? `Overseerr refused it: ${e.upstreamMessage ?? e.detail}. Check this user's permissions in Overseerr (Users → Edit → Permissions)`
          : `Your Overseerr account may not request this${context.fourK ? ' in 4K' : ''}; ask an admin`,
      );
    case 'not-found':
      return new NotFound(admin ? e.detail : "That title wasn't found in Overseerr");
    case 'key':
      return new ServiceUnavailable(admin ? e.detail : AWAY);
    default:
      return new ServiceUnavailable(admin ? `Overseerr: ${e.detail}` : AWAY);
  }
}
