import type { Audience } from '@medianest/sdk';
import { ROOM_ADMINS, ROOM_ALL, userRoom } from '../realtime/rooms.js';

/** The socket.io room of a job's audience. */
export function roomOf(notify: Audience): string {
  if (notify === 'all') return ROOM_ALL;
  if (notify === 'admins') return ROOM_ADMINS;
  return userRoom(notify.user);
}

/** Checks an audience given to `add()`; throws a TypeError that says what is allowed. */
export function checkAudience(notify: unknown): Audience {
  if (notify === 'all' || notify === 'admins') return notify;
  if (notify && typeof notify === 'object' && typeof (notify as { user?: unknown }).user === 'string' && (notify as { user: string }).user) {
    return { user: (notify as { user: string }).user };
  }
  throw new TypeError(`notify must be 'all', 'admins' or { user: '<id>' }, not ${JSON.stringify(notify)}`);
}
