import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import type { Emit } from './rooms.js';

/** Live events from a process with no socket.io server (a worker): published through Redis. */
export function redisEmit(redis: Redis, prefix: string): Emit {
  const emitter = new Emitter(redis, { key: `${prefix}socket.io` });
  return (room, event, data) => {
    emitter.to(room).emit(event, data);
  };
}
