// JSON Schemas of the plugin's routes: what admins send, what the dashboard gets.
import type { JSONSchema } from '@medianest/sdk';

const address = {
  type: 'string',
  maxLength: 2000,
  pattern: '^https?://[^\\s]+$',
  title: 'Address',
  errorMessage: { pattern: 'Enter an address that starts with http:// or https://', maxLength: 'Use an address of at most 2000 characters' },
};

/** What an admin sends to add or change a tile. */
export const tileInputSchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'url'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 80, title: 'Name', errorMessage: { minLength: 'Give the tile a name', maxLength: 'Use a name of at most 80 characters' } },
    url: address,
    group: { type: 'string', maxLength: 80, default: '', title: 'Group' },
    description: { type: 'string', maxLength: 300, default: '', title: 'Description' },
    icon: {
      type: 'object',
      additionalProperties: false,
      required: ['kind'],
      default: { kind: 'letter', value: '' },
      title: 'Icon',
      properties: {
        kind: { enum: ['brand', 'image', 'letter'], title: 'Icon' },
        value: { type: 'string', maxLength: 100, default: '', title: 'Icon' },
      },
    },
    audience: { enum: ['all', 'admins', 'people'], default: 'all', title: 'Who sees it' },
    people: { type: 'array', items: { type: 'string', maxLength: 64 }, maxItems: 500, uniqueItems: true, default: [], title: 'People' },
    newTab: { type: 'boolean', default: true, title: 'Open in a new tab' },
    check: {
      type: 'object',
      additionalProperties: false,
      required: ['kind'],
      default: { kind: 'http', target: '' },
      title: 'Status check',
      properties: {
        kind: { enum: ['none', 'http', 'tcp', 'kuma'], title: 'Status check' },
        target: { type: 'string', maxLength: 2000, default: '', title: 'Check target' },
      },
    },
    position: { type: 'integer', minimum: 0, maximum: 100000, title: 'Position' },
  },
};

const statusSchema = {
  type: 'object',
  required: ['state'],
  properties: {
    state: { enum: ['up', 'slow', 'down', 'unknown'] },
    latencyMs: { type: ['number', 'null'] },
    reason: { type: 'string' },
    checkedAt: { type: ['string', 'null'] },
  },
};

export const tileSchema = {
  type: 'object',
  required: ['id', 'name', 'url', 'group', 'description', 'icon', 'iconUrl', 'newTab', 'status'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    url: { type: 'string' },
    group: { type: 'string' },
    description: { type: 'string' },
    icon: { type: 'object', properties: { kind: { type: 'string' }, value: { type: 'string' } } },
    iconUrl: { type: ['string', 'null'] },
    newTab: { type: 'boolean' },
    audience: { type: 'string' },
    people: { type: 'array', items: { type: 'string' } },
    check: { type: 'object', properties: { kind: { type: 'string' }, target: { type: 'string' } } },
    position: { type: 'integer' },
    status: statusSchema,
  },
};

export const tileListSchema: JSONSchema = {
  type: 'object',
  required: ['tiles'],
  properties: { tiles: { type: 'array', items: tileSchema } },
};

export const idParams: JSONSchema = { type: 'object', properties: { id: { type: 'string', pattern: '^[A-Za-z0-9-]{1,64}$' } } };

export const importSchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['yaml'],
  properties: {
    yaml: { type: 'string', minLength: 1, maxLength: 500_000, title: 'services.yaml', errorMessage: { minLength: 'Paste the content of services.yaml or choose the file', maxLength: 'The file is larger than 500 KB' } },
    dryRun: { type: 'boolean', default: false },
  },
};

export const uploadSchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['data'],
  properties: {
    // 256 KB of image is about 350 000 characters of base64.
    data: { type: 'string', minLength: 1, maxLength: 360_000, title: 'Image', errorMessage: { maxLength: 'The image is larger than 256 KB: use a smaller one' } },
  },
};
