/** Socket errors of a connection that could not be made or was cut. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
/** PostgreSQL's own: shutting down, crashed, starting up or in recovery, connection exceptions. */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);
/** node-postgres's words for a connection that ended under a query. */
const PG_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)|the database system is (starting up|shutting down|in recovery)/i;

/** Where the running cores' databases are (host:port), to tell their socket errors from a plugin's. */
const endpoints = new Set<string>();

/** Registers a database URL whose socket errors mean "the database is away"; returns the unregister. */
export function watchDatabaseEndpoint(url: string): () => void {
  const u = new URL(url);
  const port = u.port || '5432';
  const hosts = u.hostname === 'localhost' ? ['localhost', '127.0.0.1', '::1'] : [u.hostname.replace(/^\[|\]$/g, '')];
  const keys = hosts.map((h) => `${h}:${port}`);
  for (const k of keys) endpoints.add(k);
  return () => keys.forEach((k) => endpoints.delete(k));
}

/** True when an error (or what it wraps) says PostgreSQL cannot be reached right now. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err as any, depth = 0; e && depth < 4; e = e.cause ?? e.previous, depth++) {
    if (e instanceof DatabaseUnavailable) return true;
    if (typeof e.code === 'string' && SQLSTATES.has(e.code)) return true;
    if (typeof e.message === 'string' && PG_MESSAGES.test(e.message)) return true;
    if (typeof e.code === 'string' && SOCKET_CODES.has(e.code)) {
      const host = e.address ?? e.hostname;
      if ([...endpoints].some((ep) => ep === `${host}:${e.port}` || (e.port === undefined && ep.startsWith(`${host}:`)))) return true;
    }
  }
  return false;
}

/** Thrown by the core itself while it knows the database is down (e.g. the embedded one restarting). */
export class DatabaseUnavailable extends Error {
  constructor(message = 'the database is not running') {
    super(message);
  }
}
