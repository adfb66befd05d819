import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestCore } from '../../testing.js';
import { sessionIdFromCookie } from '../../auth/sessions.js';
import { CSRF_COOKIE, CSRF_HEADER, csrfFor } from '../../auth/csrf.js';

const CLI = fileURLToPath(new URL('../../cli/main.js', import.meta.url));

/** Another real MediaNest process (role web) on the same database, Redis prefix and plugins.json as `t`. */
export interface CoreProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startCoreProcess(t: TestCore, env: Record<string, string> = {}): Promise<CoreProcess> {
  const child = spawn(process.execPath, [CLI, 'start'], {
    env: {
      ...process.env,
      MEDIANEST_ROLE: 'web',
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: t.core.config.databaseUrl!,
      REDIS_URL: t.core.config.redisUrl,
      REDIS_PREFIX: t.redisPrefix,
      PLUGINS_FILE: t.pluginsFile,
      DATA_DIR: t.core.config.dataDir,
      LOG_LEVEL: 'info',
      // The same limits as `t`: processes of one portal share each person's counts in Redis.
      RATE_LIMIT_API: t.core.config.apiRateLimit,
      RATE_LIMIT_SIGNIN: t.core.config.signInRateLimit,
      RATE_LIMIT_SIGNIN_ADDRESS: t.core.config.signInAddressLimit,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (c) => (log += c));
  child.stderr!.on('data', (c) => (log += c));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the other core did not start in 60 s:\n${log}`));
    }, 60_000);
    const onData = () => {
      const m = /"url":"(http[^"]+)"/.exec(log);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the other core exited (${code}):\n${log}`));
    });
  });
  return {
    url,
    child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A request like a browser's to any core: the session cookie with its CSRF token. Answers status and parsed body. */
export async function call(base: string, path: string, init: { method?: string; cookie?: string; json?: unknown } = {}): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {};
  const sessionId = sessionIdFromCookie(init.cookie);
  if (init.cookie) headers.cookie = sessionId ? `${init.cookie}; ${CSRF_COOKIE}=${csrfFor(sessionId)}` : init.cookie;
  if (sessionId) headers[CSRF_HEADER] = csrfFor(sessionId);
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(base + path, { method: init.method ?? 'GET', headers, body: init.json !== undefined ? JSON.stringify(init.json) : undefined });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: res.status, body };
}
