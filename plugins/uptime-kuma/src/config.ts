import { duration, secret, type JSONSchema } from '@medianest/sdk';

/** Settings in plugins.json under plugins["uptime-kuma"].config. */
export interface KumaConfig {
  /** Where Uptime Kuma answers, e.g. http://127.0.0.1:3001 (no trailing path needed). */
  baseUrl: string;
  /** Slugs of the status pages to show, in this order. */
  statusPages: string[];
  /** How often Uptime Kuma is asked (at least 10 s). */
  pollInterval: string;
  /** An Uptime Kuma API key, to read `/metrics` for current response times. */
  apiKey?: string;
  /** How long one request to Uptime Kuma may take (at most 60 s). */
  timeout: string;
}

export const configSchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['baseUrl', 'statusPages'],
  properties: {
    baseUrl: {
      type: 'string',
      pattern: '^https?://[^\\s/?#@]+(/[^\\s?#]*)?$',
      description: 'Address of Uptime Kuma, e.g. http://192.168.1.10:3001',
    },
    statusPages: {
      type: 'array',
      minItems: 1,
      maxItems: 20,
      uniqueItems: true,
      items: { type: 'string', pattern: '^[a-z0-9-]+$' },
      description: 'Slugs of the status pages to show (the part after /status/), comma-separated',
    },
    pollInterval: duration({ default: '30s', minMs: 10_000, description: 'How often to ask Uptime Kuma (at least 10s)' }),
    apiKey: secret({ type: 'string', minLength: 1, description: 'Optional API key (Settings → API Keys) to read current response times from /metrics' }),
    timeout: duration({ default: '5s', minMs: 500, maxMs: 60_000, description: 'How long one request to Uptime Kuma may take (0.5s to 60s)' }),
  },
};

/** The base URL without a trailing slash, so paths can be appended. */
export const trimBase = (url: string): string => url.replace(/\/+$/, '');
