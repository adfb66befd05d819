// What the routes answer: Overseerr's objects turned into the few fields the pages show.
import { availability, requestState, type Availability, type RequestState } from './media-status.js';
import type { OMediaInfo, ORequest, OSearchResult } from './overseerr-types.js';

/** A title found by search. */
export interface TitleView {
  mediaType: 'movie' | 'tv';
  tmdbId: number;
  title: string;
  year: number | null;
  overview: string;
  posterUrl: string | null;
  availability: Availability;
  availability4k: Availability;
}

/** A request as "My requests" and the admin list show it. */
export interface RequestView {
  id: number;
  mediaType: 'movie' | 'tv';
  tmdbId: number | null;
  title: string;
  year: number | null;
  posterUrl: string | null;
  is4k: boolean;
  seasons: number[] | null;
  state: RequestState;
  requester: string | null;
  createdAt: string;
  updatedAt: string;
}

/** TMDB's poster for a `posterPath` (a file name only; anything else is dropped). */
export function posterUrl(path: string | null | undefined, size = 'w342'): string | null {
  return path && /^\/[A-Za-z0-9_-]{1,80}\.(jpg|jpeg|png|webp)$/.test(path) ? `https://image.tmdb.org/t/p/${size}${path}` : null;
}

/** The year of an ISO date, or null. */
export function yearOf(date: string | null | undefined): number | null {
  const y = date ? Number.parseInt(date.slice(0, 4), 10) : NaN;
  return Number.isFinite(y) && y > 1800 && y < 3000 ? y : null;
}

const asType = (t: unknown): 'movie' | 'tv' | undefined => (t === 'movie' || t === 'tv' ? t : undefined);

/** A search hit as shown, or undefined for people and anything that is neither a film nor a show. */
export function titleView(r: OSearchResult): TitleView | undefined {
  const mediaType = asType(r.mediaType) ?? asType(r.mediaInfo?.mediaType);
  if (!mediaType || typeof r.id !== 'number') return undefined;
  const title = (mediaType === 'movie' ? r.title : r.name) ?? r.title ?? r.name ?? '';
  return {
    mediaType,
    tmdbId: r.id,
    title: title || 'Untitled',
    year: yearOf(mediaType === 'movie' ? r.releaseDate : r.firstAirDate),
    overview: r.overview ?? '',
    posterUrl: posterUrl(r.posterPath),
    ...mediaAvailability(r.mediaInfo),
  };
}

/** Availability in HD and 4K of a title's media (none when Overseerr does not know it yet). */
export function mediaAvailability(media: OMediaInfo | null | undefined): { availability: Availability; availability4k: Availability } {
  return { availability: availability(media?.status), availability4k: availability(media?.status4k) };
}

/** What a request's media is called and looks like, kept with it since Overseerr's request list has no titles. */
export interface TitleInfo {
  title: string | null;
  year: number | null;
  posterPath: string | null;
}

/** The row kept for a request (see tables.ts), from Overseerr's request and what is known of its title. */
export function knownRow(r: ORequest, info: TitleInfo | undefined) {
  const media = r.media ?? undefined;
  const mediaType = asType(r.type) ?? asType(media?.mediaType) ?? 'movie';
  const is4k = r.is4k === true;
  const mediaStatus = (is4k ? media?.status4k : media?.status) ?? null;
  const seasons = (r.seasons ?? []).map((s) => s.seasonNumber).filter((n): n is number => typeof n === 'number');
  const requestedBy = r.requestedBy ?? undefined;
  const created = dateOr(r.createdAt, new Date());
  return {
    id: r.id,
    requesterId: typeof requestedBy?.id === 'number' ? requestedBy.id : null,
    requesterName: requestedBy ? (requestedBy.displayName || requestedBy.username || requestedBy.plexUsername || requestedBy.email || null) : null,
    mediaType,
    tmdbId: typeof media?.tmdbId === 'number' ? media.tmdbId : null,
    title: info?.title ?? null,
    year: info?.year ?? null,
    posterPath: info?.posterPath ?? null,
    is4k,
    seasons: mediaType === 'tv' && seasons.length ? seasons.sort((a, b) => a - b) : null,
    status: r.status,
    mediaStatus: typeof mediaStatus === 'number' ? mediaStatus : null,
    state: requestState(r.status, mediaStatus),
    createdAt: created,
    updatedAt: dateOr(r.updatedAt, created),
  };
}

export type KnownRow = ReturnType<typeof knownRow>;

function dateOr(value: string | null | undefined, fallback: Date): Date {
  const t = value ? Date.parse(value) : NaN;
  return Number.isFinite(t) ? new Date(t) : fallback;
}

/** A kept row as the pages show it. */
export function requestView(row: KnownRow): RequestView {
  return {
    id: row.id,
    mediaType: row.mediaType as 'movie' | 'tv',
    tmdbId: row.tmdbId,
    title: row.title ?? (row.mediaType === 'tv' ? 'A show' : 'A film'),
    year: row.year,
    posterUrl: posterUrl(row.posterPath, 'w185'),
    is4k: row.is4k,
    seasons: row.seasons,
    state: row.state as RequestState,
    requester: row.requesterName,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}
