import { duration, secret, url, type JSONSchema } from '@medianest/sdk';

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
    baseUrl: url({
      title: 'Uptime Kuma address',
      description: 'Where Uptime Kuma answers, as seen from the MediaNest server, e.g. http://192.168.1.10:3001',
    }),
    statusPages: {
      type: 'array',
      minItems: 1,
      maxItems: 20,
      uniqueItems: true,
      items: { type: 'string', pattern: '^[a-z0-9-]+$', errorMessage: 'Use the part of the status page address after /status/: lowercase letters, digits and dashes' },
      title: 'Status pages',
      description: 'The status pages to show, by the part of their address after /status/, separated by commas (e.g. home, media)',
      errorMessage: { minItems: 'Enter at least one status page', maxItems: 'Enter at most 20 status pages', uniqueItems: 'A status page is listed twice: remove one' },
    },
    pollInterval: duration({ default: '30s', minMs: 10_000, title: 'Check every', description: 'How often MediaNest asks Uptime Kuma for the states (at least 10s)' }),
    apiKey: secret({
      type: 'string',
      minLength: 1,
      title: 'API key (optional)',
      description: 'An Uptime Kuma API key (Settings → API Keys) to show current response times',
    }),
    timeout: duration({ default: '5s', minMs: 500, maxMs: 60_000, title: 'Give up after', description: 'How long one request to Uptime Kuma may take (0.5s to 60s)' }),
  },
};

/** The base URL without a trailing slash, so paths can be appended. */
export const trimBase = (url: string): string => url.replace(/\/+$/, '');
