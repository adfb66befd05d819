import { duration, secret, url, type JSONSchema } from '@medianest/sdk';

/** Settings in plugins.json under plugins.overseerr.config. */
export interface OverseerrConfig {
  /** Where Overseerr, Jellyseerr or Seerr answers, e.g. http://192.168.1.10:5055. */
  baseUrl: string;
  /** Overseerr's API key (Settings → General). */
  apiKey: string;
  /** How often request states are read when no webhook tells us (one poll for everybody). */
  pollInterval: string;
  /** How long one request to Overseerr may take. */
  timeout: string;
}

export const configSchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['baseUrl', 'apiKey'],
  properties: {
    baseUrl: url({
      title: 'Overseerr address',
      description: 'Address of Overseerr, Jellyseerr or Seerr as this server reaches it, e.g. http://192.168.1.10:5055',
    }),
    apiKey: secret({
      type: 'string',
      title: 'API key',
      minLength: 20,
      description: "Overseerr's API key, from Settings → General → API Key",
      errorMessage: { minLength: "Paste the whole API key from Overseerr's Settings → General" },
    }),
    pollInterval: duration({ default: '30s', minMs: 2_000, maxMs: 3_600_000, title: 'Check requests every', description: 'How often request states are checked when no webhook reports them (2s to 1h)' }),
    timeout: duration({ default: '8s', minMs: 500, maxMs: 60_000, title: 'Give up after', description: 'How long one request to Overseerr may take (0.5s to 60s)' }),
  },
};

/** The base URL without a trailing slash or a trailing /api/v1, so API paths can be appended. */
export const apiBase = (url: string): string => `${url.replace(/\/+$/, '').replace(/\/api\/v1$/, '')}/api/v1`;
