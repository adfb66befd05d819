// The parts of Uptime Kuma's public status page API the plugin reads, as JSON Schemas: an answer
// that does not match is reported as "Uptime Kuma answered garbage", never half-read.
import type { JSONSchema } from '@medianest/sdk';

const kumaTime: JSONSchema = { type: ['string', 'null'] };

/** GET /api/status-page/<slug> */
export const statusPageSchema: JSONSchema = {
  type: 'object',
  required: ['config', 'publicGroupList'],
  properties: {
    config: { type: 'object', required: ['title'], properties: { title: { type: 'string' }, slug: { type: 'string' } } },
    incident: {
      anyOf: [
        { type: 'null' },
        {
          type: 'object',
          required: ['title'],
          properties: { title: { type: 'string' }, content: { type: ['string', 'null'] }, style: { type: ['string', 'null'] }, createdDate: kumaTime, lastUpdatedDate: kumaTime },
        },
      ],
    },
    publicGroupList: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'monitorList'],
        properties: {
          name: { type: 'string' },
          monitorList: { type: 'array', items: { type: 'object', required: ['id', 'name'], properties: { id: { type: 'integer' }, name: { type: 'string' } } } },
        },
      },
    },
    maintenanceList: {
      type: 'array',
      items: { type: 'object', required: ['id', 'title'], properties: { id: { type: 'integer' }, title: { type: 'string' }, description: { type: ['string', 'null'] }, status: { type: ['string', 'null'] } } },
    },
  },
};

export interface KumaStatusPage {
  config: { title: string; slug?: string };
  incident?: { title: string; content?: string | null; style?: string | null; createdDate?: string | null; lastUpdatedDate?: string | null } | null;
  publicGroupList: { name: string; monitorList: { id: number; name: string }[] }[];
  maintenanceList?: { id: number; title: string; description?: string | null; status?: string | null }[];
}

/** GET /api/status-page/heartbeat/<slug> */
export const heartbeatSchema: JSONSchema = {
  type: 'object',
  required: ['heartbeatList', 'uptimeList'],
  properties: {
    heartbeatList: {
      type: 'object',
      additionalProperties: {
        type: 'array',
        items: { type: 'object', required: ['status', 'time'], properties: { status: { type: 'integer' }, time: { type: 'string' }, ping: { type: ['number', 'null'] } } },
      },
    },
    uptimeList: { type: 'object', additionalProperties: { type: 'number' } },
  },
};

export interface KumaHeartbeats {
  heartbeatList: Record<string, { status: number; time: string; ping?: number | null }[]>;
  uptimeList: Record<string, number>;
}
