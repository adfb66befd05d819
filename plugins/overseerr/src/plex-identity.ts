// The Plex plugin's `plex.identity` service, as DESIGN.md §7 sketches it. Optional: without the
// Plex plugin people are linked by an admin on the mapping page.

/** Who a MediaNest user is on Plex. */
export interface PlexIdentity {
  forUser(userId: string): Promise<{ plexId: number; username: string; email?: string; thumb?: string } | null>;
}

export const PLEX_IDENTITY = 'plex.identity';
