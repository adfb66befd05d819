// A tiny Uptime Kuma stand-in built from the recorded answers in test-fixtures/, for what the real
// server cannot be made to do on cue: answer garbage, answer slowly, fail one page.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';

const fixtures = fileURLToPath(new URL('../../../test-fixtures/', import.meta.url));
const read = (name: string) => readFileSync(fixtures + name, 'utf8');

/** How the fake answers. */
export type FakeMode = 'ok' | 'not-json' | 'wrong-shape' | 'slow' | 'error' | 'missing';

interface Beat {
  status: number;
  time: string;
  msg: string;
  ping: number | null;
}

/** "2026-11-23 03:38:45.278", in UTC, as Uptime Kuma writes heartbeat times. */
export const kumaTimestamp = (date = new Date()): string => date.toISOString().replace('T', ' ').replace('Z', '');

export class FakeKuma {
  /** How every status page answers, unless `pageModes` says otherwise for its slug. */
  mode: FakeMode = 'ok';
  readonly pageModes = new Map<string, FakeMode>();
  /** The API key /metrics wants (empty user, key as password). */
  apiKey = 'uk1_fake-key';
  readonly page = JSON.parse(read('status-page.sample.json'));
  readonly heartbeats = JSON.parse(read('status-page-heartbeat.sample.json')) as { heartbeatList: Record<string, Beat[]>; uptimeList: Record<string, number> };
  readonly metrics = read('metrics.sample.txt');
  requests: string[] = [];
  private server?: Server;
  url = '';

  static async start(): Promise<FakeKuma> {
    const fake = new FakeKuma();
    fake.server = createServer((req, res) => fake.answer(req.url ?? '/', req.headers.authorization, res));
    await new Promise<void>((r) => fake.server!.listen(0, '127.0.0.1', () => r()));
    fake.url = `http://127.0.0.1:${(fake.server.address() as { port: number }).port}`;
    return fake;
  }

  /** Adds a heartbeat for a monitor now, as Uptime Kuma does after each check. */
  beat(monitorId: number, status: 0 | 1 | 2 | 3, ping: number | null = status === 1 ? 7 : null): void {
    (this.heartbeats.heartbeatList[String(monitorId)] ??= []).push({ status, time: kumaTimestamp(), msg: '', ping });
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }

  private answer(url: string, auth: string | undefined, res: import('node:http').ServerResponse): void {
    this.requests.push(url);
    const json = (status: number, body: unknown): void => void res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (url === '/api/entry-page') return json(200, { type: 'entryPage', entryPage: 'dashboard' });
    if (url === '/metrics') {
      if (auth !== `Basic ${Buffer.from(`:${this.apiKey}`).toString('base64')}`) return void res.writeHead(401, { 'www-authenticate': 'Basic' }).end('Unauthorized');
      return void res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(this.metrics);
    }
    const match = /^\/api\/status-page\/(heartbeat\/)?([a-z0-9-]+)$/.exec(url);
    if (!match) return json(404, { ok: false, msg: 'Not Found' });
    switch (this.pageModes.get(match[2]!) ?? this.mode) {
      case 'missing':
        return json(404, { ok: false, msg: 'Not Found' });
      case 'not-json':
        return void res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><title>Uptime Kuma</title>');
      case 'wrong-shape':
        return json(200, match[1] ? { heartbeatList: [], uptimeList: 'none' } : { config: { title: 'Home' }, publicGroupList: { oops: true } });
      case 'slow':
        return void setTimeout(() => json(200, match[1] ? this.heartbeats : this.page), 15_000).unref();
      case 'error':
        return json(500, { ok: false, msg: 'SQLITE_BUSY: database is locked' });
      default:
        return json(200, match[1] ? this.heartbeats : { ...this.page, config: { ...this.page.config, slug: match[2] } });
    }
  }
}
