// Shared steps of the plugin's tests.
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import type { TestCore, TestResponse } from '@medianest/sdk/testing';

/** The plugin's own folder: the harness loads it as an admin's plugins.json would. */
export const pluginDir = fileURLToPath(new URL('../../..', import.meta.url));
/** A plugin using plex.library and plex.identity as the YouTube and Overseerr plugins do. */
export const consumerDir = fileURLToPath(new URL('../../../test-fixtures/consumer-plugin', import.meta.url));

/** Records every answer's headers and body, so a test can check that no token ever appears in one. */
export function recording(t: TestCore): { request: TestCore['request']; answers: string[] } {
  const answers: string[] = [];
  const request = (async (path: string, init?: any) => {
    const res: TestResponse = await t.request(path, init);
    answers.push(`${path}\n${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${res.text}`);
    return res;
  }) as TestCore['request'];
  return { request, answers };
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

/** The session cookie in a Set-Cookie header. */
export function cookieOf(res: TestResponse): string {
  const raw = res.headers.get('set-cookie') ?? '';
  const m = raw.match(/mn_session=[^;]+/);
  if (!m) throw new Error(`no session cookie in ${raw || 'the answer'}`);
  return m[0];
}
