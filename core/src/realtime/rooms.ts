/** socket.io rooms: every browser, admins, and one per user. */
export const ROOM_ALL = 'all';
export const ROOM_ADMINS = 'admins';
export const userRoom = (userId: string): string => `user:${userId}`;

/** Sends a live event to a room, from any process. */
export type Emit = (room: string, event: string, data: unknown) => void;
