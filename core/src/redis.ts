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

/**
 * Connects to Redis or fails with a message that says what to run. While Redis is away commands
 * fail at once instead of waiting in ioredis's offline queue, so a request answers 503 within
 * milliseconds: see `failFastWhileAway`. Reconnects go on every second at the most.
 */
export async function connectRedis(url: string, name = 'medianest'): Promise<Redis> {
  const client = new Redis(url, {
    connectionName: name,
    lazyConnect: true,
    // Commands caught in flight by a lost connection are retried once, then fail (~0.3 s).
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    // A host that drops packets (rather than refusing) would hold each attempt 10 s by default.
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 100, 1000),
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
  return failFastWhileAway(client);
}

/**
 * From the moment a connection is lost until it is ready again, new commands are refused at once
 * rather than queued. Queued, each waited for the next reconnect attempt (up to 2 s apart) and the
 * ones after it, so during an outage requests were held 4-5 s and answered in bursts. Use it on
 * every copy (`duplicate()`) too.
 */
export function failFastWhileAway(client: Redis): Redis {
  client.on('reconnecting', () => { client.options.enableOfflineQueue = false; });
  client.on('ready', () => { client.options.enableOfflineQueue = true; });
  return client;
}

/** True while a client set up by `failFastWhileAway` has lost its connection. */
export function isKnownAway(client: Redis): boolean {
  return client.options.enableOfflineQueue === false;
}

/** Thrown by the core itself when it knows Redis is away (e.g. before queueing a job). */
export class RedisUnavailable extends Error {
  constructor() {
    super('Redis is unavailable');
    this.name = 'RedisUnavailable';
  }
}

const LOST = new Set(['Connection is closed.', "Stream isn't writeable and enableOfflineQueue options is false"]);

/** True for errors of a lost Redis connection: a command gave up waiting, the link closed, or the
 *  client refused a command while reconnecting. */
export function isRedisUnavailable(err: unknown): boolean {
  const e = err as { name?: string; message?: string } | null;
  return e?.name === 'MaxRetriesPerRequestError' || e?.name === 'RedisUnavailable' || LOST.has(e?.message ?? '');
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
