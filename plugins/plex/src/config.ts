import { duration, secret, type JSONSchema } from '@medianest/sdk';

/** Settings in plugins.json under plugins.plex.config. Every one is optional: the plugin runs unconnected. */
export interface PlexConfig {
  /** Address of Plex Media Server entered by hand (else the server picked after "Connect Plex"). */
  serverUrl?: string;
  /** A Plex token entered by hand, with `serverUrl`. */
  token?: string;
  /** How long one request to Plex or plex.tv may take. */
  timeout: string;
  /** How often now playing is read when Plex's notification socket does not answer. */
  pollInterval: string;
  /** Whether ordinary users see everyone's streams (admins always do). */
  showEveryonesActivity: boolean;
  /** Bytes of resized posters kept in memory per process, in megabytes. */
  posterCacheMb: number;
  /** How often signed-in Plex users' access to the server is checked again. */
  accessCheckInterval: string;
  /** plex.tv (hidden from the form: tests point it at a fake). */
  plexTvUrl: string;
  /** app.plex.tv, where people approve sign-ins (hidden from the form). */
  plexAppUrl: string;
}

const url = (title: string, description: string, extra: JSONSchema = {}): JSONSchema => ({
  type: 'string',
  title,
  description,
  pattern: '^https?://[^\\s/?#@]+(/[^\\s?#]*)?$',
  errorMessage: { pattern: 'Enter an address that starts with http:// or https://, e.g. http://192.168.1.20:32400' },
  ...extra,
});

export const configSchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    serverUrl: url('Server address (by hand)', 'Only if you do not use "Connect Plex": the address of Plex Media Server, e.g. http://192.168.1.20:32400'),
    token: secret({ type: 'string', minLength: 8, title: 'Plex token (by hand)', description: 'Only with a server address entered by hand: an X-Plex-Token of the server owner', errorMessage: { minLength: 'A Plex token is at least 8 characters long' } }),
    timeout: duration({ title: 'Timeout', default: '10s', minMs: 1000, maxMs: 60_000, description: 'How long one request to Plex may take (1s to 60s)' }),
    pollInterval: duration({ title: 'Check now playing every', default: '10s', minMs: 2000, maxMs: 300_000, description: 'How often "now playing" is read when Plex cannot push changes (2s to 5m)' }),
    showEveryonesActivity: { type: 'boolean', default: false, title: "Show everyone's activity", description: 'Let everyone see what the whole household is watching (admins always see it)' },
    posterCacheMb: { type: 'integer', minimum: 1, maximum: 2048, default: 64, title: 'Poster cache (MB)', description: 'Memory for resized posters, per MediaNest process', errorMessage: { minimum: 'Use at least 1 MB', maximum: 'Use at most 2048 MB' } },
    accessCheckInterval: duration({ title: 'Check shared access every', default: '10m', minMs: 1000, maxMs: 86_400_000, description: 'How often MediaNest checks that people who signed in with Plex still have the server shared with them (their sessions end when not)' }),
    plexTvUrl: url('plex.tv address', 'Where plex.tv answers', { default: 'https://plex.tv', 'x-hidden': true }),
    plexAppUrl: url('Plex sign-in page', 'Where people approve a sign-in', { default: 'https://app.plex.tv', 'x-hidden': true }),
  },
};

/** The address without trailing slashes, so paths can be appended. */
export const trimBase = (address: string): string => address.replace(/\/+$/, '');
