// JSON Schemas of what the plugin's routes answer (they also document the API in /api/openapi.json).
import type { JSONSchema } from '@medianest/sdk';

const time: JSONSchema = { type: ['string', 'null'] };
const status: JSONSchema = { enum: ['down', 'up', 'pending', 'maintenance', 'unknown'] };

const monitor: JSONSchema = {
  type: 'object',
  required: ['id', 'name', 'status', 'since', 'sinceExact', 'uptime24h', 'pingMs', 'beats'],
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    status,
    since: time,
    sinceExact: { type: 'boolean' },
    uptime24h: { type: ['number', 'null'], minimum: 0, maximum: 1 },
    pingMs: { type: ['number', 'null'] },
    beats: {
      type: 'array',
      items: { type: 'object', required: ['status', 'at', 'pingMs'], properties: { status, at: { type: 'string' }, pingMs: { type: ['number', 'null'] } } },
    },
  },
};

const page: JSONSchema = {
  type: 'object',
  required: ['slug', 'title', 'incident', 'maintenance', 'groups', 'fetchedAt', 'error', 'failingSince'],
  properties: {
    slug: { type: 'string' },
    title: { type: 'string' },
    incident: {
      anyOf: [
        { type: 'null' },
        { type: 'object', required: ['title', 'content', 'style'], properties: { title: { type: 'string' }, content: { type: 'string' }, style: { type: 'string' }, createdAt: time, updatedAt: time } },
      ],
    },
    maintenance: {
      type: 'array',
      items: { type: 'object', required: ['id', 'title'], properties: { id: { type: 'integer' }, title: { type: 'string' }, description: { type: 'string' }, status: { type: 'string' } } },
    },
    groups: { type: 'array', items: { type: 'object', required: ['name', 'monitors'], properties: { name: { type: 'string' }, monitors: { type: 'array', items: monitor } } } },
    fetchedAt: time,
    error: { type: ['string', 'null'] },
    failingSince: time,
  },
};

/** GET /status */
export const statusViewSchema: JSONSchema = {
  type: 'object',
  required: ['upstream', 'stale', 'pages', 'pollIntervalMs'],
  properties: {
    upstream: {
      type: 'object',
      required: ['state', 'since', 'error', 'checkedAt'],
      properties: { state: { enum: ['ok', 'unreachable', 'waiting'] }, since: time, error: { type: ['string', 'null'] }, checkedAt: time },
    },
    stale: { type: 'boolean' },
    pages: { type: 'array', items: page },
    pollIntervalMs: { type: 'integer' },
  },
};

/** GET /history query */
export const historyQuerySchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 20 },
    monitorId: { type: 'integer', minimum: 0, maximum: 2147483647 },
  },
};

/** GET /history */
export const historySchema: JSONSchema = {
  type: 'object',
  required: ['changes'],
  properties: {
    changes: {
      type: 'array',
      items: {
        type: 'object',
        required: ['monitorId', 'name', 'from', 'to', 'at', 'endedAt', 'durationMs'],
        properties: {
          monitorId: { type: 'integer' },
          name: { type: 'string' },
          from: status,
          to: status,
          at: { type: 'string' },
          endedAt: time,
          durationMs: { type: ['integer', 'null'] },
        },
      },
    },
  },
};
