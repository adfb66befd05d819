/** socket.io rooms: every browser, signed-in browsers, admins, and one per user. */
export const ROOM_ALL = 'all';
export const ROOM_USERS = 'users';
export const ROOM_ADMINS = 'admins';
export const userRoom = (userId: string): string => `user:${userId}`;
/** One room per session (by its handle, never its id), so ending a session can close its sockets. */
export const sessionRoom = (handle: string): string => `session:${handle}`;

/** Sends a live event to a room, from any process. */
export type Emit = (room: string, event: string, data: unknown) => void;
