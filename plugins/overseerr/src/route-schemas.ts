// JSON Schemas of the plugin's routes: what people send (with messages they can act on) and what they get.
import { object, type JSONSchema } from '@medianest/sdk';

const AVAILABILITY = ['none', 'pending', 'processing', 'partial', 'available', 'blocklisted', 'deleted', 'unknown'];
const STATES = ['pending', 'approved', 'declined', 'processing', 'partial', 'available', 'failed', 'completed', 'unknown'];
const nullable = (schema: JSONSchema): JSONSchema => ({ anyOf: [schema, { type: 'null' }] });
const mediaType: JSONSchema = { type: 'string', enum: ['movie', 'tv'], title: 'Kind', errorMessage: { enum: 'Choose a film (movie) or a show (tv)' } };
const tmdbId: JSONSchema = { type: 'integer', minimum: 1, maximum: 99_999_999, title: 'Title', errorMessage: 'Pick a title from the search results' };

export const titleSchema: JSONSchema = object({
  mediaType,
  tmdbId: { type: 'integer' },
  title: { type: 'string' },
  year: nullable({ type: 'integer' }),
  overview: { type: 'string' },
  posterUrl: nullable({ type: 'string' }),
  availability: { type: 'string', enum: AVAILABILITY },
  availability4k: { type: 'string', enum: AVAILABILITY },
});

export const requestViewSchema: JSONSchema = object({
  id: { type: 'integer' },
  mediaType,
  tmdbId: nullable({ type: 'integer' }),
  title: { type: 'string' },
  year: nullable({ type: 'integer' }),
  posterUrl: nullable({ type: 'string' }),
  is4k: { type: 'boolean' },
  seasons: nullable({ type: 'array', items: { type: 'integer' } }),
  state: { type: 'string', enum: STATES },
  requester: nullable({ type: 'string' }),
  createdAt: { type: 'string' },
  updatedAt: { type: 'string' },
});

export const searchQuerySchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['q'],
  properties: {
    q: { type: 'string', minLength: 1, maxLength: 200, title: 'Search', errorMessage: { minLength: 'Type part of a title to search for', maxLength: 'Use at most 200 characters' } },
    page: { type: 'integer', minimum: 1, maximum: 50, default: 1, title: 'Page', errorMessage: 'Use a page number from 1 to 50' },
  },
};

export const searchResultSchema: JSONSchema = object({
  query: { type: 'string' },
  page: { type: 'integer' },
  totalPages: { type: 'integer' },
  results: { type: 'array', items: titleSchema },
});

const quotaPart = nullable(object({ limit: { type: 'integer' }, remaining: { type: 'integer' }, days: nullable({ type: 'integer' }), line: { type: 'string' } }));

export const meSchema: JSONSchema = object(
  {
    linked: { type: 'boolean' },
    message: nullable({ type: 'string' }),
    overseerrUser: nullable({ type: 'string' }),
    quota: nullable(object({ movie: quotaPart, tv: quotaPart })),
    fourK: object({ movie: { type: 'boolean' }, tv: { type: 'boolean' } }),
    flavor: { type: 'string' },
    isAdmin: { type: 'boolean' },
  },
);

export const titleParamsSchema: JSONSchema = {
  type: 'object',
  required: ['mediaType', 'tmdbId'],
  properties: { mediaType, tmdbId: { type: 'string', pattern: '^[1-9][0-9]{0,7}$', errorMessage: 'Pick a title from the search results' } },
};

export const detailsSchema: JSONSchema = object({
  title: titleSchema,
  seasons: {
    type: 'array',
    items: object({ seasonNumber: { type: 'integer' }, name: { type: 'string' }, episodeCount: nullable({ type: 'integer' }), availability: { type: 'string', enum: AVAILABILITY }, availability4k: { type: 'string', enum: AVAILABILITY } }),
  },
  fourK: { type: 'boolean' },
});

export const createRequestBodySchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['mediaType', 'tmdbId'],
  properties: {
    mediaType,
    tmdbId,
    seasons: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      uniqueItems: true,
      items: { type: 'integer', minimum: 0, maximum: 500 },
      title: 'Seasons',
      errorMessage: { minItems: 'Choose at least one season', uniqueItems: 'Choose each season once', type: 'Choose seasons from the list' },
    },
    is4k: { type: 'boolean', default: false, title: '4K' },
  },
};

export const mineSchema: JSONSchema = object({ linked: { type: 'boolean' }, message: nullable({ type: 'string' }), requests: { type: 'array', items: requestViewSchema } });
export const requestListSchema: JSONSchema = object({ requests: { type: 'array', items: requestViewSchema } });
export const oneRequestSchema: JSONSchema = object({ request: requestViewSchema, message: { type: 'string' } });

export const decisionParamsSchema: JSONSchema = {
  type: 'object',
  required: ['id', 'decision'],
  properties: {
    id: { type: 'string', pattern: '^[1-9][0-9]{0,9}$', errorMessage: 'Choose a request from the list' },
    decision: { type: 'string', enum: ['approve', 'decline'], errorMessage: 'Choose approve or decline' },
  },
};

export const countsSchema: JSONSchema = object({
  pending: { type: 'integer' },
  approved: { type: 'integer' },
  processing: { type: 'integer' },
  available: { type: 'integer' },
  declined: { type: 'integer' },
  total: { type: 'integer' },
  issues: nullable({ type: 'integer' }),
});

const overseerrUser = object({ id: { type: 'integer' }, name: { type: 'string' }, email: nullable({ type: 'string' }), plexId: nullable({ type: 'integer' }) });
export const peopleSchema: JSONSchema = object({
  people: {
    type: 'array',
    items: object({ userId: { type: 'string' }, name: { type: 'string' }, overseerrUserId: nullable({ type: 'integer' }), linkedBy: nullable({ type: 'string' }), suggestion: nullable({ type: 'integer' }) }),
  },
  overseerrUsers: { type: 'array', items: overseerrUser },
});
export const personParamsSchema: JSONSchema = { type: 'object', required: ['userId'], properties: { userId: { type: 'string', minLength: 1, maxLength: 255 } } };
export const linkBodySchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['overseerrUserId'],
  properties: { overseerrUserId: { anyOf: [{ type: 'integer', minimum: 1 }, { type: 'null' }], title: 'Overseerr user', errorMessage: 'Choose an Overseerr user from the list, or "not linked"' } },
};

export const webhookInfoSchema: JSONSchema = object({
  path: { type: 'string' },
  authorization: { type: 'string' },
  template: { type: 'string' },
  lastDelivery: nullable(object({ event: { type: 'string' }, at: { type: 'string' } })),
});
