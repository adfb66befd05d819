import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** Makes live events best effort on this client: socket.io's Redis adapter and emitter publish
 *  without awaiting, so a publish while Redis is away would be an unhandled rejection that ends
 *  the process. Here it is dropped, and logged once per outage. */
export function safePublishing(client: Redis, log: Logger): Redis {
  let warned = false;
  client.on('ready', () => { warned = false; });
  const publish = client.publish.bind(client) as (channel: string, message: string | Buffer) => Promise<number>;
  client.publish = ((channel: string, message: string | Buffer) =>
    publish(channel, message).catch((err: Error) => {
      if (!warned) log.warn({ err: err.message }, 'live events are dropped while Redis is unavailable');
      warned = true;
      return 0;
    })) as Redis['publish'];
  return client;
}

/** socket.io's Redis adapter unsubscribes without awaiting when it closes: while Redis is away that
 *  would be an unhandled rejection at shutdown. Here it is ignored (the connection is going anyway). */
export function safeUnsubscribing(client: Redis): Redis {
  for (const name of ['unsubscribe', 'punsubscribe'] as const) {
    const original = (client[name] as (...args: unknown[]) => Promise<unknown>).bind(client);
    (client as any)[name] = (...args: unknown[]) => {
      const done = original(...args);
      done.catch(() => {});
      return done;
    };
  }
  return client;
}
