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

/** socket.io's Redis adapter subscribes and unsubscribes without awaiting: a core stopped before its
 *  subscriber connected, or while Redis is away, would see an unhandled rejection ("Connection is
 *  closed") and exit. Here it is ignored: the adapter resubscribes on its own, or the connection is
 *  going anyway. The promise returned is the original, so a caller that awaits still sees it. */
export function quietSubscriptions(client: Redis): Redis {
  for (const name of ['subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe'] as const) {
    const original = (client[name] as (...args: unknown[]) => Promise<unknown>).bind(client);
    (client as any)[name] = (...args: unknown[]) => {
      const done = original(...args);
      done.catch(() => {});
      return done;
    };
  }
  return client;
}
