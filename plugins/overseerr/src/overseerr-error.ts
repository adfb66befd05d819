// Why a call to Overseerr failed, sorted into the few cases people are told about differently.

/** What went wrong, as far as a person needs to know. */
export type FailureReason =
  | 'unreachable' // no connection (down, wrong address)
  | 'timeout' // no answer in time
  | 'key' // 401/403 on the API key itself: rotated or wrong
  | 'quota' // 403 QuotaRestrictedError
  | 'permission' // 403 RequestPermissionError (e.g. no 4K permission)
  | 'duplicate' // 409 DuplicateMediaRequestError
  | 'no-seasons' // 202 NoSeasonsAvailableError
  | 'not-found' // 404
  | 'shape' // answered, but not what the spec says
  | 'server'; // 5xx and anything else

/** A failed call: `reason` for people, `detail` (no key, no address) for admins and logs. */
export class OverseerrError extends Error {
  constructor(
    readonly reason: FailureReason,
    /** For admins: what Overseerr said or what failed, without the address or the key. */
    readonly detail: string,
    /** The HTTP status Overseerr answered, when it answered. */
    readonly status?: number,
    /** Overseerr's own message (its `message` field), when it sent one. */
    readonly upstreamMessage?: string,
  ) {
    super(detail);
    this.name = 'OverseerrError';
  }
}

export const isOverseerrError = (err: unknown): err is OverseerrError => err instanceof OverseerrError;
