// Real MediaNest processes (`node core/dist/cli/main.js start`), as compose runs them, and an
// HTTPS client that trusts the test's self-signed certificate.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Agent, request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';

export const MAIN_JS = fileURLToPath(new URL('../../../../core/dist/cli/main.js', import.meta.url));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** One `medianest start` process; its JSON log lines are kept for the test to read. */
export class MediaNestProcess {
  child?: ChildProcess;
  lines: any[] = [];
  private buffer = '';
  constructor(readonly name: string, readonly env: Record<string, string>) {}

  get port(): number {
    return Number(this.env.PORT);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts it and waits for its "ready" log line. */
  async start(timeoutMs = 60_000): Promise<void> {
    this.lines = [];
    const child = spawn(process.execPath, [MAIN_JS, 'start'], { env: { ...process.env, LOG_FORMAT: 'json', LOG_LEVEL: 'info', ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let stderr = '';
    child.stderr!.on('data', (c) => (stderr += c));
    child.stdout!.on('data', (chunk) => {
      this.buffer += chunk;
      let nl: number;
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        try {
          this.lines.push(JSON.parse(line));
        } catch {
          this.lines.push({ msg: line });
        }
      }
    });
    const until = Date.now() + timeoutMs;
    while (!this.lines.some((l) => /MediaNest (worker )?is ready/.test(l.msg ?? ''))) {
      if (!this.running) throw new Error(`${this.name} exited while starting: ${stderr}${this.lines.map((l) => l.msg).join('\n')}`);
      if (Date.now() > until) {
        child.kill('SIGKILL'); // never leave it running behind a failed test
        throw new Error(`${this.name} was not ready within ${timeoutMs} ms: ${this.lines.map((l) => l.msg).join(' | ')}`);
      }
      await sleep(50);
    }
  }

  /** Sends a signal and waits for the process to end. */
  async kill(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 20_000): Promise<number | null> {
    const child = this.child;
    if (!child || !this.running) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  }
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
  text: string;
}

/** An HTTP(S) request; `agent` picks TLS trust and the client's own address (localAddress). */
export function call(url: string, init: { method?: string; headers?: Record<string, string>; json?: unknown; agent?: Agent } = {}): Promise<Answer> {
  const u = new URL(url);
  const body = init.json === undefined ? undefined : JSON.stringify(init.json);
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(body));
  }
  const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(u, { method: init.method ?? 'GET', headers, agent: init.agent as any }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: any = text;
        if (String(res.headers['content-type'] ?? '').includes('json')) {
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = text;
          }
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed, text });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(15_000, () => req.destroy(new Error(`no answer from ${url} within 15 s`)));
    req.end(body);
  });
}

/** The session cookie (name=value) a response set, if any. */
export function setCookie(answer: Answer, name: string): string | undefined {
  const all = ([] as string[]).concat(answer.headers['set-cookie'] ?? []);
  const found = all.find((c) => c.startsWith(`${name}=`));
  return found?.split(';')[0];
}
