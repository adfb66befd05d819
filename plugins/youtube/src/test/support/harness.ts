// Shared steps of the plugin's tests: a portal running the plugin against real PostgreSQL, Redis,
// bee-queue workers, yt-dlp and ffmpeg; people allowed to download; a signed-in socket.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import { startTestCore, type TestCore, type TestPluginEntry } from '@medianest/core/testing';

/** The plugin's own folder: the harness loads it as an admin's plugins.json would. */
export const pluginDir = fileURLToPath(new URL('../../..', import.meta.url));

export interface Portal {
  t: TestCore;
  admin: string;
  downloads: string;
  /** A signed-in person allowed to download. */
  person(id: string, name?: string): Promise<string>;
  stop(): Promise<void>;
}

/** Settings the tests start from: loopback links allowed, no pause, no disk or hourly limit. */
export const testConfig = (downloads: string, extra: Record<string, unknown> = {}) => ({
  downloadsDir: downloads, allowPrivateAddresses: true, pauseBetween: '0s', minFreeGb: 0, perHour: 0, ...extra,
});

export async function startPortal(config: Record<string, unknown> = {}, options: { role?: 'all' | 'web'; plugins?: Record<string, TestPluginEntry>; setUp?: boolean } = {}): Promise<Portal> {
  const downloads = await mkdtemp(join(tmpdir(), 'medianest-downloads-'));
  const t = await startTestCore({
    setUp: options.setUp,
    ...(options.role ? { role: options.role } : {}),
    plugins: { ...options.plugins, youtube: { path: pluginDir, config: testConfig(downloads, config) } },
  });
  const admin = await t.sessionCookie('admin', { id: 'admin-1', name: 'Admin' });
  const granted = await t.request('/api/admin/permissions/youtube.download', { method: 'PUT', cookie: admin, json: { roles: ['user'], users: [] } });
  if (granted.status >= 300) throw new Error(`granting youtube.download answered ${granted.status}: ${granted.text}`);
  return {
    t,
    admin,
    downloads,
    person: (id, name = id[0]!.toUpperCase() + id.slice(1)) => t.sessionCookie('user', { id, name }),
    async stop() {
      await t.stop();
      await rm(downloads, { recursive: true, force: true });
    },
  };
}

/** POST /downloads; returns the whole answer. */
export const queue = (p: Portal, cookie: string, body: Record<string, unknown>) => p.t.request('/api/plugins/youtube/downloads', { method: 'POST', cookie, json: body });

/** GET /downloads for the person. */
export async function list(p: Portal, cookie: string): Promise<{ queue: any[]; history: any[]; limits: any; form: any }> {
  const res = await p.t.request('/api/plugins/youtube/downloads', { cookie });
  if (res.status !== 200) throw new Error(`GET /downloads answered ${res.status}: ${res.text}`);
  return res.body;
}

/** Waits until the download `id` is in the person's history, and returns it. */
export function finished(p: Portal, cookie: string, id: number, timeoutMs = 20_000): Promise<any> {
  return p.t.waitFor(async () => (await list(p, cookie)).history.find((d) => d.id === id), timeoutMs, `download ${id} to finish`);
}

/** A socket.io client signed in with the given session cookie. */
export async function connect(url: string, cookie: string): Promise<Socket> {
  const socket = io(url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie } });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}
