import { Redis } from 'ioredis';

/** Host, port, db and password of a redis:// URL, for clients that take options (bee-queue). */
export interface RedisOptions {
  host: string;
  port: number;
  db: number;
  password?: string;
  username?: string;
}

export function redisOptions(url: string): RedisOptions {
  const u = new URL(url);
  if (u.protocol !== 'redis:') throw new Error(`REDIS_URL must start with redis://, not "${u.protocol}"`);
  return {
    host: u.hostname || '127.0.0.1',
    port: Number(u.port || 6379),
    db: Number(u.pathname.slice(1) || 0),
    password: u.password ? decodeURIComponent(u.password) : undefined,
    username: u.username ? decodeURIComponent(u.username) : undefined,
  };
}

/** Connects to Redis or fails with a message that says what to run. While Redis is away a command
 *  waits through two reconnect attempts (under a second), then fails: a request then answers 503
 *  at once instead of hanging for a minute. Reconnects go on every 2 s at the most. */
export async function connectRedis(url: string, name = 'medianest'): Promise<Redis> {
  const client = new Redis(url, {
    connectionName: name,
    lazyConnect: true,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  let lastError: Error | undefined;
  client.on('error', (err) => { lastError = err; }); // reconnects by itself; callers see failures as rejected commands
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    client.disconnect();
    const where = redactUrl(url);
    throw new Error(
      `Cannot reach Redis at ${where} (${(lastError ?? (err as Error)).message}). ` +
        'Start one (e.g. `redis-server --daemonize yes`, or `docker run -p 6379:6379 redis:7`) or set REDIS_URL to a reachable server.',
    );
  }
  return client;
}

/** True for ioredis's errors of a lost connection (a command gave up waiting, or the link closed). */
export function isRedisUnavailable(err: unknown): boolean {
  const e = err as { name?: string; message?: string } | null;
  return e?.name === 'MaxRetriesPerRequestError' || e?.message === 'Connection is closed.';
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** Deletes every key under a prefix (SCAN, not KEYS, so a large Redis is not blocked). */
export async function deleteByPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
