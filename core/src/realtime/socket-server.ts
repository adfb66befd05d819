import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { sessionHandle, sessionIdFromCookie, type SessionStore } from '../auth/sessions.js';
import { ROOM_ADMINS, ROOM_ALL, ROOM_USERS, sessionRoom, userRoom, type Emit } from './rooms.js';

export interface SocketServerOptions {
  /** The address people reach the portal at (PUBLIC_URL): its origin may connect. */
  publicUrl?: string;
  /** Behind a reverse proxy: the forwarded host is the request's own. */
  trustProxy: boolean;
}

/**
 * Whether a handshake may go ahead. WebSockets are not bound by the same-origin policy, so without
 * this a page on any other site (a sibling host, a subdomain) could open one with the person's
 * cookie and read their live events. Browsers always send Origin on a WebSocket; a client without
 * one (a script) carries no browser's cookie.
 */
export function originAllowed(req: IncomingMessage, options: SocketServerOptions): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  let host: string;
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    if (options.publicUrl && url.origin === new URL(options.publicUrl).origin) return true;
    host = url.host;
  } catch {
    return false; // "null" (sandboxed frames, files) and anything unreadable
  }
  const forwarded = options.trustProxy ? String(req.headers['x-forwarded-host'] ?? '').split(',')[0]!.trim() : '';
  return host === (forwarded || req.headers.host);
}

/** socket.io on the HTTP server, with the Redis adapter so events raised anywhere reach every browser. */
/** How long a socket of a session ended elsewhere stays open for the reason to arrive. */
const REASON_GRACE_MS = 250;

export class SocketServer {
  readonly io: Server;

  constructor(server: HttpServer, pub: Redis, sub: Redis, prefix: string, sessions: SessionStore, log: Logger, options: SocketServerOptions) {
    this.io = new Server(server, {
      path: '/socket.io',
      serveClient: false,
      transports: ['websocket', 'polling'],
      allowRequest: (req, answer) => {
        if (originAllowed(req, options)) return answer(null, true);
        log.warn({ origin: req.headers.origin }, 'live connection from another site refused');
        answer('Live events are only for the portal\'s own pages', false);
      },
    });
    this.io.adapter(createAdapter(pub, sub, { key: `${prefix}socket.io` }));
    this.io.use(async (socket, next) => {
      try {
        socket.data.sessionId = sessionIdFromCookie(socket.handshake.headers.cookie);
        const read = await sessions.lookup(socket.data.sessionId);
        socket.data.user = read?.user ?? null;
        socket.data.mustChangePassword = read?.mustChangePassword === true;
        next();
      } catch (err) {
        log.warn({ err }, 'socket session lookup failed');
        next(new Error('Session lookup failed, try again'));
      }
    });
    this.io.on('connection', (socket) => {
      const user = socket.data.user;
      void socket.join(ROOM_ALL);
      if (user && socket.data.mustChangePassword) {
        // A temporary password's tab hears only that its session ended, nothing of the household's until it chose its own.
        void socket.join(sessionRoom(sessionHandle(socket.data.sessionId)));
      } else if (user) {
        void socket.join(ROOM_USERS);
        void socket.join(userRoom(user.id));
        void socket.join(sessionRoom(sessionHandle(socket.data.sessionId)));
        if (user.role === 'admin') void socket.join(ROOM_ADMINS);
      }
      delete socket.data.sessionId; // not kept in memory longer than the handshake needs it
    });
  }

  /** Closes every socket of a session (by its handle), in every process (signing out, revocation);
   *  `reason` is sent first as `core.session.ended`, so an open tab can say why it shows the sign-in page. */
  endSession(handle: string, reason?: string): void {
    const room = sessionRoom(handle);
    if (reason) this.io.to(room).emit('core.session.ended', { reason });
    this.io.in(room).disconnectSockets(true);
  }

  /** Closes this process's sockets of a session that ended elsewhere (a worker's job, another web process). */
  endLocalSession(handle: string): void {
    // The session is dead already (its cache entry went with the same message); the pause only lets
    // the `core.session.ended` reason, sent at the same moment through the adapter, reach the tab first.
    const timer = setTimeout(() => this.io.local.in(sessionRoom(handle)).disconnectSockets(true), REASON_GRACE_MS);
    timer.unref();
  }

  emit: Emit = (room, event, data) => {
    this.io.to(room).emit(event, data);
  };

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.io.close(() => resolve()));
  }
}
