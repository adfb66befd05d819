// Overseerr's answers as the plugin reads them (the subset checked by overseerr-schemas.ts).

export interface OUser {
  id: number;
  email?: string | null;
  username?: string | null;
  plexUsername?: string | null;
  plexId?: number | null;
  displayName?: string | null;
  permissions?: number | null;
  avatar?: string | null;
}

export interface OSeasonInfo {
  seasonNumber?: number;
  status?: number;
  status4k?: number;
}

export interface OMediaInfo {
  id?: number;
  tmdbId?: number;
  tvdbId?: number | null;
  mediaType?: string;
  status?: number;
  status4k?: number;
  seasons?: OSeasonInfo[];
}

export interface ORequest {
  id: number;
  status: number;
  type?: string;
  is4k?: boolean | null;
  createdAt?: string | null;
  updatedAt?: string | null;
  media?: OMediaInfo | null;
  requestedBy?: OUser | null;
  modifiedBy?: unknown;
  seasons?: Array<{ seasonNumber?: number; status?: number }>;
}

export interface OPage<T> {
  pageInfo?: { page?: number; pages?: number; results?: number };
  results: T[];
}

export interface OSearchResult {
  id: number;
  mediaType?: string;
  title?: string | null;
  name?: string | null;
  releaseDate?: string | null;
  firstAirDate?: string | null;
  posterPath?: string | null;
  overview?: string | null;
  mediaInfo?: OMediaInfo | null;
}

export interface OSearch {
  page?: number;
  totalPages?: number;
  totalResults?: number;
  results: OSearchResult[];
}

export interface OQuotaPart {
  days?: number | null;
  limit?: number | null;
  used?: number | null;
  remaining?: number | null;
  restricted?: boolean;
}

export interface OQuota {
  movie?: OQuotaPart;
  tv?: OQuotaPart;
}

export interface OCounts {
  total?: number;
  movie?: number;
  tv?: number;
  pending?: number;
  approved?: number;
  declined?: number;
  processing?: number;
  available?: number;
}

export interface OTvDetails {
  id: number;
  name?: string | null;
  firstAirDate?: string | null;
  posterPath?: string | null;
  overview?: string | null;
  mediaInfo?: OMediaInfo | null;
  externalIds?: { tvdbId?: number | null } | null;
  seasons?: Array<{ seasonNumber?: number; name?: string | null; episodeCount?: number | null; airDate?: string | null }>;
}

export interface OMovieDetails {
  id: number;
  title?: string | null;
  releaseDate?: string | null;
  posterPath?: string | null;
  overview?: string | null;
  mediaInfo?: OMediaInfo | null;
}

/** The body of POST /request, as this plugin sends it (never `userId`: the requester is X-Api-User). */
export interface ORequestBody {
  mediaType: 'movie' | 'tv';
  mediaId: number;
  tvdbId?: number;
  seasons?: number[];
  is4k?: boolean;
}
