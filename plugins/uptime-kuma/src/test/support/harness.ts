// Shared steps of the plugin's tests: its folder, a signed-in socket, and waiting for polls.
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import type { TestCore } from '@medianest/sdk/testing';

/** The plugin's own folder: the harness loads it as an admin's plugins.json would. */
export const pluginDir = fileURLToPath(new URL('../../..', import.meta.url));

/** A socket.io client signed in with the given session cookie. */
export async function connect(url: string, cookie: string): Promise<Socket> {
  const socket = io(url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie } });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** GET /status as the given user; fails the test on anything but 200. */
export async function status(t: TestCore, cookie: string): Promise<any> {
  const res = await t.request('/api/plugins/uptime-kuma/status', { cookie });
  if (res.status !== 200) throw new Error(`GET /status answered ${res.status}: ${res.text}`);
  return res.body;
}

/** Waits for a poll after `after` (an ISO time, or null) whose view passes `check`. */
export function nextPoll(t: TestCore, cookie: string, check: (view: any) => boolean, after: string | null, timeoutMs = 25_000, what = 'the next poll'): Promise<any> {
  return t.waitFor(async () => {
    const view = await status(t, cookie);
    return view.upstream.checkedAt && view.upstream.checkedAt !== after && check(view) ? view : undefined;
  }, timeoutMs, what);
}

/** The first monitor of that name in a view. */
export function monitor(view: any, name: string): any {
  for (const page of view.pages) for (const group of page.groups) for (const m of group.monitors) if (m.name === name) return m;
  return undefined;
}
