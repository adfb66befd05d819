import { createHash } from 'node:crypto';

/** socket.io rooms: every browser, signed-in browsers, admins, and one per user. */
export const ROOM_ALL = 'all';
export const ROOM_USERS = 'users';
export const ROOM_ADMINS = 'admins';
export const userRoom = (userId: string): string => `user:${userId}`;
/** One room per session (by a hash of its id), so signing out can close that session's sockets. */
export const sessionRoom = (sessionId: string): string => `session:${createHash('sha256').update(sessionId).digest('base64url').slice(0, 22)}`;

/** Sends a live event to a room, from any process. */
export type Emit = (room: string, event: string, data: unknown) => void;
