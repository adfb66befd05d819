// The parts of Overseerr's answers (reference/overseerr-api.yml) the plugin relies on, as JSON
// Schemas for http.json. Only what is read is required; Jellyseerr and Seerr add fields freely.
import type { JSONSchema } from '@medianest/sdk';

const num = { type: 'number' };
const str = { type: 'string' };
const maybe = (schema: JSONSchema): JSONSchema => ({ anyOf: [schema, { type: 'null' }] });

/** GET /status */
export const statusSchema: JSONSchema = { type: 'object', required: ['version'], properties: { version: str, commitTag: maybe(str), updateAvailable: { type: 'boolean' } } };

/** GET /settings/public: `initialized` in the spec; Jellyseerr and Seerr add `mediaServerType`, 4K flags and a title. */
export const publicSettingsSchema: JSONSchema = { type: 'object', properties: { initialized: { type: 'boolean' }, movie4kEnabled: { type: 'boolean' }, series4kEnabled: { type: 'boolean' } } };

/** User (GET /auth/me, GET /user) */
export const userSchema: JSONSchema = {
  type: 'object',
  required: ['id'],
  properties: { id: num, email: maybe(str), username: maybe(str), plexUsername: maybe(str), plexId: maybe(num), displayName: maybe(str), permissions: maybe(num), avatar: maybe(str) },
};

export const pageInfoSchema: JSONSchema = { type: 'object', properties: { page: num, pages: num, results: num } };

/** GET /user?take&skip */
export const userPageSchema: JSONSchema = { type: 'object', required: ['results'], properties: { pageInfo: pageInfoSchema, results: { type: 'array', items: userSchema } } };

const seasonInfo: JSONSchema = { type: 'object', properties: { seasonNumber: num, status: num, status4k: num } };

/** MediaInfo */
export const mediaInfoSchema: JSONSchema = {
  type: 'object',
  properties: { id: num, tmdbId: num, tvdbId: maybe(num), mediaType: str, status: num, status4k: num, seasons: { type: 'array', items: seasonInfo }, updatedAt: maybe(str) },
};

/** MediaRequest */
export const mediaRequestSchema: JSONSchema = {
  type: 'object',
  required: ['id', 'status'],
  properties: {
    id: num,
    status: num,
    type: str,
    is4k: maybe({ type: 'boolean' }),
    createdAt: maybe(str),
    updatedAt: maybe(str),
    media: maybe(mediaInfoSchema),
    requestedBy: maybe(userSchema),
    modifiedBy: {},
    seasons: { type: 'array', items: { type: 'object', properties: { seasonNumber: num, status: num } } },
  },
};

/** GET /request */
export const requestPageSchema: JSONSchema = { type: 'object', required: ['results'], properties: { pageInfo: pageInfoSchema, results: { type: 'array', items: mediaRequestSchema } } };

/** GET /request/count */
export const requestCountSchema: JSONSchema = {
  type: 'object',
  properties: { total: num, movie: num, tv: num, pending: num, approved: num, declined: num, processing: num, available: num },
};

/** GET /issue/count */
export const issueCountSchema: JSONSchema = { type: 'object', properties: { total: num, open: num, closed: num } };

const quotaPart: JSONSchema = { type: 'object', properties: { days: maybe(num), limit: maybe(num), used: maybe(num), remaining: maybe(num), restricted: { type: 'boolean' } } };
/** GET /user/{id}/quota */
export const quotaSchema: JSONSchema = { type: 'object', properties: { movie: quotaPart, tv: quotaPart } };

const resultBase = { id: num, mediaType: str, posterPath: maybe(str), overview: maybe(str), mediaInfo: maybe(mediaInfoSchema) };
/** GET /search: movies, shows and people */
export const searchSchema: JSONSchema = {
  type: 'object',
  required: ['results'],
  properties: {
    page: num,
    totalPages: num,
    totalResults: num,
    results: {
      type: 'array',
      items: { type: 'object', required: ['id'], properties: { ...resultBase, title: maybe(str), name: maybe(str), releaseDate: maybe(str), firstAirDate: maybe(str) } },
    },
  },
};

/** GET /movie/{id} */
export const movieDetailsSchema: JSONSchema = { type: 'object', required: ['id'], properties: { id: num, title: maybe(str), releaseDate: maybe(str), posterPath: maybe(str), overview: maybe(str), mediaInfo: maybe(mediaInfoSchema) } };

/** GET /tv/{id} */
export const tvDetailsSchema: JSONSchema = {
  type: 'object',
  required: ['id'],
  properties: {
    id: num,
    name: maybe(str),
    firstAirDate: maybe(str),
    posterPath: maybe(str),
    overview: maybe(str),
    mediaInfo: maybe(mediaInfoSchema),
    externalIds: maybe({ type: 'object', properties: { tvdbId: maybe(num) } }),
    seasons: { type: 'array', items: { type: 'object', properties: { seasonNumber: num, name: maybe(str), episodeCount: maybe(num), airDate: maybe(str) } } },
  },
};
