// Overseerr's status enums decoded by number. Jellyseerr and Seerr add values (BLOCKLISTED,
// DELETED, COMPLETED); anything not known here is "unknown", never a crash.

/** What a person sees about a title: whether it can be watched, or where its request stands. */
export type Availability = 'none' | 'pending' | 'processing' | 'partial' | 'available' | 'blocklisted' | 'deleted' | 'unknown';

/** Where a request stands, as shown in "My requests". */
export type RequestState = 'pending' | 'approved' | 'declined' | 'processing' | 'partial' | 'available' | 'failed' | 'completed' | 'unknown';

/** MediaStatus (server/constants/media.ts): 1 UNKNOWN … 5 AVAILABLE; Jellyseerr 6 BLACKLISTED, Seerr 6 BLOCKLISTED, 7 DELETED. */
export function availability(status: unknown): Availability {
  switch (status) {
    case undefined:
    case null:
    case 1:
      return 'none';
    case 2:
      return 'pending';
    case 3:
      return 'processing';
    case 4:
      return 'partial';
    case 5:
      return 'available';
    case 6:
      return 'blocklisted';
    case 7:
      return 'deleted';
    default:
      return 'unknown';
  }
}

/** MediaRequestStatus: 1 PENDING, 2 APPROVED, 3 DECLINED, 4 FAILED; Seerr 5 COMPLETED. */
export function requestStatus(status: unknown): 'pending' | 'approved' | 'declined' | 'failed' | 'completed' | 'unknown' {
  switch (status) {
    case 1:
      return 'pending';
    case 2:
      return 'approved';
    case 3:
      return 'declined';
    case 4:
      return 'failed';
    case 5:
      return 'completed';
    default:
      return 'unknown';
  }
}

/** One state for a request: its own status, then (once approved) how far its media got. */
export function requestState(status: unknown, mediaStatus: unknown): RequestState {
  const own = requestStatus(status);
  if (own !== 'approved' && own !== 'completed') return own;
  const media = availability(mediaStatus);
  if (media === 'available') return 'available';
  if (media === 'partial') return 'partial';
  if (media === 'processing' || media === 'pending' || media === 'none') return own === 'completed' ? 'completed' : media === 'processing' ? 'processing' : 'approved';
  return own;
}

/** Names the webhook sends for media status (`media_status`), decoded to the same words. */
export function availabilityFromName(name: string | undefined): Availability | undefined {
  if (!name) return undefined;
  const known: Record<string, Availability> = {
    UNKNOWN: 'none',
    PENDING: 'pending',
    PROCESSING: 'processing',
    PARTIALLY_AVAILABLE: 'partial',
    AVAILABLE: 'available',
    BLACKLISTED: 'blocklisted',
    BLOCKLISTED: 'blocklisted',
    DELETED: 'deleted',
  };
  return known[name.trim().toUpperCase()] ?? 'unknown';
}
