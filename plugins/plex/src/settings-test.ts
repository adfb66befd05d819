// "Test connection" on the admin's settings form: the candidate settings, tried against Plex.
import type { SettingsTestResult, SettingsTestTools } from '@medianest/sdk';
import type { PlexConfig } from './config.js';
import { plexHeaders } from './plex-headers.js';
import { PlexError } from './plex-errors.js';
import { PmsClient } from './pms-client.js';

/** What the running plugin knows that the candidate settings do not: its client id, the connected server. */
export interface RunningPlex {
  clientId: string;
  version: string;
  /** Tries the server connected with "Connect Plex". */
  testConnected(signal: AbortSignal): Promise<SettingsTestResult>;
}

let running: RunningPlex | undefined;

/** Set by register(), cleared when the plugin stops. */
export function setRunning(r: RunningPlex | undefined): void {
  running = r;
}

export function explain(err: unknown): SettingsTestResult {
  if (err instanceof PlexError && err.kind === 'unauthorized') return { ok: false, message: 'The server answered 401: the token was revoked or is wrong; connect again', detail: err.message };
  if (err instanceof PlexError && err.kind === 'xml') return { ok: false, message: 'The server answered XML instead of JSON: is this address a Plex Media Server, without a proxy that drops the Accept header?', detail: err.message };
  if (err instanceof PlexError) return { ok: false, message: `Could not reach Plex: ${err.message}`, detail: err.message };
  return { ok: false, message: 'Could not reach Plex', detail: (err as Error)?.message };
}

/** Reached Plex Media Server "Living Room" (1.41.3…); the token works. */
export async function tryServer(pms: PmsClient, server: { url: string; token: string }, signal: AbortSignal): Promise<SettingsTestResult> {
  try {
    await pms.identity(server, signal);
    const root = await pms.root(server, signal);
    return { ok: true, message: `Reached Plex Media Server "${root.friendlyName}" (${root.version}); the token works` };
  } catch (err) {
    return explain(err);
  }
}

export async function testSettings(config: PlexConfig, tools: SettingsTestTools): Promise<SettingsTestResult> {
  if (config.serverUrl && config.token) {
    const clientId = running?.clientId ?? 'medianest-settings-test';
    const pms = new PmsClient(tools.http, (token) => plexHeaders(clientId, running?.version ?? '0', token), config.timeout ?? '10s');
    return tryServer(pms, { url: config.serverUrl, token: config.token }, tools.signal);
  }
  if (config.serverUrl || config.token) return { ok: false, message: 'Enter both the server address and the token, or clear both and use "Connect Plex"' };
  if (!running) return { ok: false, message: 'Enable the plugin, then use "Connect Plex" above to sign in to Plex and pick your server' };
  return running.testConnected(tools.signal);
}
