// Now playing, watched once for the whole cluster: a repeating job reads /status/sessions, then holds
// Plex's notification socket open for the rest of its interval and reads again when Plex says
// playback changed. Pages read the cached view; they never cause a request to Plex.
import type { JobRun, PluginContext } from '@medianest/sdk';
import type { PlexConfig } from './config.js';
import type { ActiveServer, Connection } from './connection.js';
import { PlexError } from './plex-errors.js';
import type { PmsClient } from './pms-client.js';
import type { PosterSigner } from './posters.js';
import { streamView, type StreamView } from './views.js';

/** The cached now-playing view. */
export interface NowPlaying {
  streams: StreamView[];
  checkedAt: string | null;
  /** `live`: Plex pushes changes; `polling`: read every interval. */
  mode: 'live' | 'polling';
  /** Why it could not be read (admin detail), when it could not. */
  error: string | null;
  state: 'ok' | 'not-connected' | 'unreachable' | 'unauthorized';
}

export const NOW_PLAYING_KEY = 'now-playing';

export function emptyNowPlaying(): NowPlaying {
  return { streams: [], checkedAt: null, mode: 'polling', error: null, state: 'ok' };
}

const visible = (v: NowPlaying) => JSON.stringify([v.streams.map((s) => [s.id, s.state, s.decision, s.item.id, Math.floor(s.progress)]), v.state, v.mode]);

export class Watcher {
  constructor(
    private readonly ctx: PluginContext<PlexConfig>,
    private readonly connection: Connection,
    private readonly pms: PmsClient,
    private readonly posters: () => Promise<PosterSigner>,
  ) {}

  async read(): Promise<NowPlaying> {
    return (await this.ctx.cache.get<NowPlaying>(NOW_PLAYING_KEY)) ?? emptyNowPlaying();
  }

  /** Reads the sessions once, keeps the view, tells open pages when what they show changed. */
  private async refresh(server: ActiveServer, mode: NowPlaying['mode'], signal: AbortSignal): Promise<NowPlaying> {
    const previous = await this.read();
    let next: NowPlaying;
    try {
      const [sessions, signer] = await Promise.all([this.pms.sessions(server, signal), this.posters()]);
      const base = { machineIdentifier: server.machineIdentifier, webUrl: server.url };
      next = { streams: sessions.map((m) => streamView(m, signer, base)), checkedAt: new Date().toISOString(), mode, error: null, state: 'ok' };
    } catch (err) {
      if (signal.aborted) return previous;
      const e = err as PlexError;
      // Streams are not kept when Plex cannot be asked: a stale "watching" would be greener than the truth.
      next = { streams: [], checkedAt: new Date().toISOString(), mode: 'polling', error: e.message, state: e.kind === 'unauthorized' ? 'unauthorized' : 'unreachable' };
    }
    await this.ctx.cache.set(NOW_PLAYING_KEY, next, '1h');
    if (visible(next) !== visible(previous)) this.ctx.events.toUsers('now-playing', { checkedAt: next.checkedAt });
    return next;
  }

  /** One run of the repeating job: a read, then live updates until the next run is due. */
  async run(job: JobRun, intervalMs: number): Promise<{ mode: string; streams: number }> {
    let server: ActiveServer;
    try {
      server = await this.connection.active();
    } catch (err) {
      const previous = await this.read();
      const next: NowPlaying = { ...emptyNowPlaying(), checkedAt: new Date().toISOString(), state: 'not-connected', error: (err as Error).message };
      await this.ctx.cache.set(NOW_PLAYING_KEY, next, '1h');
      if (visible(next) !== visible(previous)) this.ctx.events.toUsers('now-playing', { checkedAt: next.checkedAt });
      return { mode: 'not-connected', streams: 0 };
    }
    const first = await this.refresh(server, (await this.read()).mode, job.signal);
    if (first.state !== 'ok') return { mode: 'polling', streams: 0 };
    const deadline = Date.now() + intervalMs - 500;
    const live = await this.listen(server, deadline, job.signal);
    if (!live) {
      const now = await this.read();
      if (now.mode !== 'polling') await this.ctx.cache.set(NOW_PLAYING_KEY, { ...now, mode: 'polling' }, '1h');
    }
    return { mode: live ? 'live' : 'polling', streams: first.streams.length };
  }

  /** Holds /:/websocket/notifications until `deadline`; false when the server does not offer it. */
  private listen(server: ActiveServer, deadline: number, signal: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      let opened = false;
      let timer: NodeJS.Timeout | undefined;
      let pending: NodeJS.Timeout | undefined;
      let ws: WebSocket;
      try {
        ws = new WebSocket(this.pms.notificationsUrl(server));
      } catch {
        return resolve(false);
      }
      const done = () => {
        clearTimeout(timer);
        clearTimeout(pending);
        signal.removeEventListener('abort', done);
        try {
          ws.close();
        } catch {
          /* closing a socket that never opened */
        }
        resolve(opened);
      };
      signal.addEventListener('abort', done, { once: true });
      timer = setTimeout(done, Math.max(0, deadline - Date.now()));
      ws.addEventListener('open', () => {
        opened = true;
        void this.read().then((v) => (v.mode === 'live' ? undefined : this.ctx.cache.set(NOW_PLAYING_KEY, { ...v, mode: 'live' }, '1h').then(() => this.ctx.events.toUsers('now-playing', { checkedAt: v.checkedAt }))));
      });
      ws.addEventListener('error', () => done());
      ws.addEventListener('close', () => done());
      ws.addEventListener('message', (event) => {
        let type: string | undefined;
        try {
          type = JSON.parse(String(event.data))?.NotificationContainer?.type;
        } catch {
          return;
        }
        if (type !== 'playing') return;
        // Plex sends one per player every few seconds while playing: one read for a burst.
        if (!pending) pending = setTimeout(() => {
          pending = undefined;
          void this.refresh(server, 'live', signal);
        }, 250);
      });
    });
  }
}
