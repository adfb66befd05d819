// JSON Schemas of the plugin's routes (they also document the API in /api/openapi.json).
import type { JSONSchema } from '@medianest/sdk';
import { optionsSchema } from './config.js';
import { PRESETS } from './presets.js';
import { downloadSchema } from './view.js';

export const newDownloadSchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['url'],
  properties: {
    url: { type: 'string', minLength: 1, maxLength: 2000, title: 'Link', errorMessage: { minLength: 'Paste a link to a video or playlist', maxLength: 'That link is too long' } },
    preset: { type: 'string', enum: Object.keys(PRESETS), title: 'Quality', errorMessage: { enum: 'Choose one of the qualities in the list' } },
    playlist: { type: 'boolean', default: false, title: 'Whole playlist or channel' },
    limit: { type: 'integer', minimum: 1, maximum: 500, title: 'Most items', errorMessage: { minimum: 'Take at least 1 item', maximum: 'Take at most 500 items' } },
    force: { type: 'boolean', default: false, title: 'Download again even if I have it' },
    options: optionsSchema,
  },
};

export const idParams: JSONSchema = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[0-9]{1,9}$', errorMessage: { pattern: 'No such download' } } },
};

export const oneDownload: JSONSchema = { type: 'object', required: ['download'], properties: { download: downloadSchema } };

export const listSchema: JSONSchema = {
  type: 'object',
  required: ['queue', 'history', 'limits', 'form'],
  properties: {
    queue: { type: 'array', items: downloadSchema },
    history: { type: 'array', items: downloadSchema },
    limits: {
      type: 'object',
      required: ['perHour', 'left', 'nextAt'],
      properties: { perHour: { type: 'integer' }, left: { type: ['integer', 'null'] }, nextAt: { type: ['string', 'null'] } },
    },
    form: {
      type: 'object',
      required: ['presets', 'defaultPreset', 'allow', 'maxPlaylistItems'],
      properties: {
        presets: { type: 'array', items: { type: 'object', required: ['id', 'label'], properties: { id: { type: 'string' }, label: { type: 'string' } } } },
        defaultPreset: { type: 'string' },
        allow: { type: 'object' },
        maxPlaylistItems: { type: 'integer' },
      },
    },
  },
};

export const everyoneSchema: JSONSchema = {
  type: 'object',
  required: ['downloads'],
  properties: { downloads: { type: 'array', items: { ...downloadSchema, properties: { ...(downloadSchema.properties as object), person: { type: 'string' } } } } },
};

export const cookiesBody: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['content'],
  properties: { content: { type: 'string', minLength: 1, maxLength: 1_000_000, title: 'Cookies file', errorMessage: { minLength: 'Choose a cookies.txt file', maxLength: 'That file is too big for a cookies file' } } },
};

export const cookiesSchema: JSONSchema = {
  type: 'object',
  required: ['present', 'bytes', 'updatedAt'],
  properties: { present: { type: 'boolean' }, bytes: { type: 'integer' }, updatedAt: { type: ['string', 'null'] } },
};

export const clearedSchema: JSONSchema = { type: 'object', required: ['removed'], properties: { removed: { type: 'integer' } } };
