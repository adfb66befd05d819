// Shared steps of the plugin's tests: its folder, the core with the plugin against a fake, sockets.
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import { startTestCore, type TestCore } from '@medianest/sdk/testing';
import type { FakeOverseerr } from './fake-overseerr.js';

/** The plugin's own folder: the harness loads it as an admin's plugins.json would. */
export const pluginDir = fileURLToPath(new URL('../../..', import.meta.url));

/** The core running the plugin against `fake`. */
export function startWithFake(fake: FakeOverseerr, config: Record<string, unknown> = {}, extra: { setUp?: boolean } = {}): Promise<TestCore> {
  return startTestCore({
    ...extra,
    plugins: { overseerr: { path: pluginDir, config: { baseUrl: fake.url, apiKey: fake.apiKey, pollInterval: '1h', timeout: '2s', ...config } } },
  });
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

/** Collects the events of one name a socket receives. */
export function collect<T = any>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (data: T) => seen.push(data));
  return seen;
}

/** The people of the fake's users, as MediaNest sessions: same names, so the admin can link them. */
export const UMA = { id: 'u-uma', name: 'Uma' };
export const TOM = { id: 'u-tom', name: 'Tom' };
export const ADA = { id: 'u-ada', name: 'Ada' };
