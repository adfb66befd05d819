/**
 * Types of the services first-party plugins offer each other through `ctx.provide` / `ctx.use`.
 * They live in the SDK so a plugin can use a service without importing the providing plugin's
 * code. A community plugin adds its own by augmenting `ServiceTypes`:
 * `declare module '@medianest/sdk' { interface ServiceTypes { 'weather.forecast': Forecast } }`.
 */

/** A Plex library section as the Plex plugin reports it. */
export interface PlexSection {
  /** Plex's section key, e.g. "1". */
  id: string;
  /** Name shown in Plex, e.g. "Films". */
  title: string;
  /** What the section holds. */
  type: 'movie' | 'show' | 'artist' | 'photo';
  /** The section's folders, as the Plex server sees them (absolute paths). */
  locations: string[];
}

/** `plex.library`: the libraries of the connected Plex Media Server. */
export interface PlexLibrary {
  /** Every library section with its folders; rejects when Plex is not connected or not reachable. */
  sections(): Promise<PlexSection[]>;
  /** The section whose folder holds `path` (a path as Plex sees it), or null when none does. */
  sectionFor(path: string): Promise<{ id: string; title: string } | null>;
  /** Asks Plex to scan a section; only `path` (a folder inside it, as Plex sees it) when given. */
  scan(sectionId: string, path?: string): Promise<void>;
}

/** A MediaNest person's Plex account. */
export interface PlexAccount {
  /** The Plex account id (what Overseerr stores as `plexId`). */
  plexId: number;
  /** Plex username. */
  username: string;
  /** Email of the Plex account, when Plex gave one. */
  email?: string;
  /** Avatar URL at plex.tv, when there is one. */
  thumb?: string;
}

/** `plex.identity`: which Plex account a MediaNest user signed in with or linked. */
export interface PlexIdentity {
  /** The Plex account of MediaNest user `userId`, or null when they have none linked. */
  forUser(userId: string): Promise<PlexAccount | null>;
}

/** Service tokens and their types, for typed `ctx.use(token)`; plugins may augment it. */
export interface ServiceTypes {
  /** Provided by the Plex plugin. */
  'plex.library': PlexLibrary;
  /** Provided by the Plex plugin. */
  'plex.identity': PlexIdentity;
}
