// Which server answers (Overseerr, Jellyseerr or Seerr), its version, whether it offers 4K, and a
// plain sentence for the admin's "Test connection".
import type { OverseerrClient } from './overseerr-client.js';
import { isOverseerrError } from './overseerr-error.js';

/** The request servers this plugin speaks to; they share one API. */
export type Flavor = 'Overseerr' | 'Jellyseerr' | 'Seerr';

export interface ServerInfo {
  flavor: Flavor;
  version: string;
  fourK: { movie: boolean; tv: boolean };
}

/**
 * GET /status gives the version; GET /settings/public tells the forks apart: Jellyseerr and Seerr
 * add `mediaServerType` (Plex, Jellyfin or Emby), and Seerr's versions start at 3.
 */
export async function readServerInfo(client: OverseerrClient, signal?: AbortSignal): Promise<ServerInfo> {
  const [status, settings] = await Promise.all([client.status({ signal }), client.publicSettings({ signal })]);
  const major = Number.parseInt(status.version.replace(/^v/, ''), 10);
  const forked = settings.mediaServerType !== undefined;
  const flavor: Flavor = forked && major >= 3 ? 'Seerr' : forked ? 'Jellyseerr' : 'Overseerr';
  return { flavor, version: status.version, fourK: { movie: settings.movie4kEnabled === true, tv: settings.series4kEnabled === true } };
}

/** "1.33.2" → "1.33"; a development build keeps its name. */
export const shortVersion = (v: string): string => /^v?(\d+\.\d+)/.exec(v)?.[1] ?? v;

/** The outcome of "Test connection": reachable with the key, and as whom. */
export async function testConnection(client: OverseerrClient, signal?: AbortSignal): Promise<{ ok: boolean; message: string; detail?: string }> {
  let info: ServerInfo;
  try {
    info = await readServerInfo(client, signal);
  } catch (err) {
    return { ok: false, message: `Could not reach it: ${isOverseerrError(err) ? err.detail : (err as Error).message}`, detail: 'Check the address (as this server reaches it, with the port, e.g. http://192.168.1.10:5055)' };
  }
  try {
    const me = await client.me({ signal });
    const who = me.email || me.username || me.plexUsername || `user ${me.id}`;
    return { ok: true, message: `Reached ${info.flavor} ${shortVersion(info.version)} as ${who}` };
  } catch (err) {
    const detail = isOverseerrError(err) ? err.detail : (err as Error).message;
    return { ok: false, message: `Reached ${info.flavor} ${shortVersion(info.version)}, but it refused the API key`, detail };
  }
}
