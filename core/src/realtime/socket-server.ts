import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { sessionIdFromCookie, type SessionStore } from '../auth/sessions.js';
import { ROOM_ADMINS, ROOM_ALL, ROOM_USERS, sessionRoom, userRoom, type Emit } from './rooms.js';

/** socket.io on the HTTP server, with the Redis adapter so events raised anywhere reach every browser. */
export class SocketServer {
  readonly io: Server;

  constructor(server: HttpServer, pub: Redis, sub: Redis, prefix: string, sessions: SessionStore, log: Logger) {
    this.io = new Server(server, { path: '/socket.io', serveClient: false, transports: ['websocket', 'polling'] });
    this.io.adapter(createAdapter(pub, sub, { key: `${prefix}socket.io` }));
    this.io.use(async (socket, next) => {
      try {
        socket.data.sessionId = sessionIdFromCookie(socket.handshake.headers.cookie);
        socket.data.user = await sessions.user(socket.data.sessionId);
        next();
      } catch (err) {
        log.warn({ err }, 'socket session lookup failed');
        next(new Error('Session lookup failed, try again'));
      }
    });
    this.io.on('connection', (socket) => {
      const user = socket.data.user;
      void socket.join(ROOM_ALL);
      if (user) {
        void socket.join(ROOM_USERS);
        void socket.join(userRoom(user.id));
        void socket.join(sessionRoom(socket.data.sessionId));
        if (user.role === 'admin') void socket.join(ROOM_ADMINS);
      }
    });
  }

  /** Closes every socket of a session, in every process (signing out, revocation); `reason` is
   *  sent first as `core.session.ended`, so an open tab can say why it shows the sign-in page. */
  endSession(sessionId: string, reason?: string): void {
    const room = sessionRoom(sessionId);
    if (reason) this.io.to(room).emit('core.session.ended', { reason });
    this.io.in(room).disconnectSockets(true);
  }

  emit: Emit = (room, event, data) => {
    this.io.to(room).emit(event, data);
  };

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.io.close(() => resolve()));
  }
}
