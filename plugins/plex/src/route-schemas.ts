// JSON Schemas of the plugin's routes: what they accept and what they answer.
import type { JSONSchema } from '@medianest/sdk';

const nullable = (type: string): JSONSchema => ({ type: [type, 'null'] });

export const itemSchema: JSONSchema = {
  type: 'object',
  required: ['id', 'title', 'type', 'poster', 'links'],
  properties: {
    id: { type: 'string' }, title: { type: 'string' }, subtitle: nullable('string'), type: { type: 'string' }, year: nullable('integer'),
    poster: nullable('string'), addedAt: nullable('string'), progress: nullable('number'), library: nullable('string'),
    links: { type: 'object', properties: { app: nullable('string'), web: nullable('string') } },
  },
};

const streamSchema: JSONSchema = {
  type: 'object',
  required: ['id', 'user', 'item', 'state', 'progress', 'decision'],
  properties: {
    id: { type: 'string' }, user: { type: 'object', properties: { name: { type: 'string' }, plexId: nullable('integer') } }, item: itemSchema,
    state: { enum: ['playing', 'paused', 'buffering'] }, progress: { type: 'number' }, positionMs: { type: 'number' }, durationMs: { type: 'number' },
    player: { type: 'string' }, decision: { enum: ['direct play', 'direct stream', 'transcode'] }, reason: nullable('string'), bandwidthKbps: nullable('number'), local: nullable('boolean'),
  },
};

/** What a page shows when Plex cannot answer: household words, and for admins the cause. */
const problem: JSONSchema = { type: ['object', 'null'], properties: { message: { type: 'string' }, detail: { type: 'string' }, reconnect: { type: 'boolean' } } };

export const nowPlayingSchema: JSONSchema = {
  type: 'object',
  required: ['streams', 'checkedAt', 'mode', 'everyone', 'problem'],
  properties: { streams: { type: 'array', items: streamSchema }, checkedAt: nullable('string'), mode: { enum: ['live', 'polling'] }, everyone: { type: 'boolean' }, problem },
};

export const recentSchema: JSONSchema = {
  type: 'object',
  required: ['libraries', 'problem'],
  properties: { libraries: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, title: { type: 'string' }, items: { type: 'array', items: itemSchema } } } }, problem },
};

export const continueSchema: JSONSchema = {
  type: 'object',
  required: ['items', 'linked', 'problem'],
  properties: { items: { type: 'array', items: itemSchema }, linked: { type: 'boolean' }, problem },
};

export const librariesSchema: JSONSchema = {
  type: 'object',
  required: ['libraries', 'problem'],
  properties: { libraries: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, title: { type: 'string' }, type: { type: 'string' }, count: { type: 'integer' } } } }, problem },
};

export const SORTS = { title: 'titleSort', '-title': 'titleSort:desc', added: 'addedAt', '-added': 'addedAt:desc', year: 'year', '-year': 'year:desc' } as const;

export const browseQuery: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    start: { type: 'integer', minimum: 0, maximum: 10_000_000, default: 0, title: 'Start', errorMessage: { minimum: 'Start at 0 or later' } },
    size: { type: 'integer', minimum: 1, maximum: 200, default: 60, title: 'Page size', errorMessage: { minimum: 'Ask for at least 1 item', maximum: 'Ask for at most 200 items at a time' } },
    sort: { enum: Object.keys(SORTS), default: 'title', title: 'Sort', errorMessage: { enum: 'Sort by title, added or year (with - for the other way round)' } },
  },
};

export const browseParams: JSONSchema = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^\\d{1,9}$', title: 'Library', errorMessage: { pattern: 'There is no such library' } } },
};

export const browseSchema: JSONSchema = {
  type: 'object',
  required: ['items', 'total', 'start', 'size'],
  properties: { items: { type: 'array', items: itemSchema }, total: { type: 'integer' }, start: { type: 'integer' }, size: { type: 'integer' }, library: { type: 'object' } },
};

export const searchQuery: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['q'],
  properties: { q: { type: 'string', minLength: 1, maxLength: 200, title: 'Search', errorMessage: { minLength: 'Type something to search for', maxLength: 'Search for at most 200 characters' } } },
};

export const searchSchema: JSONSchema = {
  type: 'object',
  required: ['items', 'problem'],
  properties: { items: { type: 'array', items: itemSchema }, problem },
};

export const posterQuery: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['p', 'size', 's'],
  properties: {
    p: { type: 'string', pattern: '^/[A-Za-z0-9/_.:-]{1,300}$', title: 'Image', errorMessage: 'This image address is not one MediaNest made' },
    size: { enum: ['small', 'medium', 'large'], title: 'Size', errorMessage: 'Use small, medium or large' },
    s: { type: 'string', pattern: '^[A-Za-z0-9_-]{32}$', title: 'Signature', errorMessage: 'This image address is not one MediaNest made' },
  },
};

export const stateSchema: JSONSchema = {
  type: 'object',
  required: ['connected', 'serverName'],
  properties: { connected: { type: 'boolean' }, serverName: nullable('string'), linked: { type: 'boolean' }, admin: { type: 'object' } },
};
