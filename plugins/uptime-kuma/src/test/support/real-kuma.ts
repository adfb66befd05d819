// Runs the real Uptime Kuma (installed by scripts/uptime-kuma.js outside the workspace) on
// 127.0.0.1 with its own data folder, and provisions it over its socket.io API as its web UI does.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';

const KUMA_VERSION = '2.0.0-dev.0';

/** Where scripts/uptime-kuma.js installs it (UPTIME_KUMA_DIR or UPTIME_KUMA_PREFIX override). */
export function kumaDir(): string {
  if (process.env.UPTIME_KUMA_DIR) return process.env.UPTIME_KUMA_DIR;
  const prefix = process.env.UPTIME_KUMA_PREFIX ?? join(tmpdir(), `medianest-uptime-kuma-${KUMA_VERSION}`);
  return join(prefix, 'node_modules', 'uptime-kuma');
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/** A monitor as the `add` event wants it: the fields Uptime Kuma's own form sends for an HTTP monitor. */
export function httpMonitor(name: string, url: string) {
  return {
    type: 'http', name, url, method: 'GET', interval: 20, retryInterval: 20, resendInterval: 0, maxretries: 0, timeout: 5,
    notificationIDList: {}, ignoreTls: false, upsideDown: false, maxredirects: 10, accepted_statuscodes: ['200-299'],
    kafkaProducerBrokers: [], kafkaProducerSaslOptions: { mechanism: 'None' },
  };
}

export class RealKuma {
  readonly url: string;
  private child?: ChildProcess;
  private socket?: Socket;
  private output = '';

  private constructor(readonly port: number, private readonly dataDir: string) {
    this.url = `http://127.0.0.1:${port}`;
  }

  /** Starts a fresh Uptime Kuma with an empty SQLite database. */
  static async start(): Promise<RealKuma> {
    const dir = kumaDir();
    if (!existsSync(join(dir, 'server', 'server.js'))) {
      throw new Error(`Uptime Kuma is not installed at ${dir}: run "node scripts/uptime-kuma.js" from the repository root (npm test does it for you)`);
    }
    const dataDir = await mkdtemp(join(tmpdir(), 'medianest-kuma-data-'));
    // Skips the browser-only "choose a database" step.
    await writeFile(join(dataDir, 'db-config.json'), JSON.stringify({ type: 'sqlite' }));
    const kuma = new RealKuma(await freePort(), `${dataDir}/`);
    await kuma.launch();
    return kuma;
  }

  /** Starts the server process (again, on the same port and data) and waits until it answers. */
  async launch(): Promise<void> {
    this.output = '';
    const child = spawn(process.execPath, ['server/server.js'], {
      cwd: kumaDir(),
      env: { ...process.env, DATA_DIR: this.dataDir, UPTIME_KUMA_HOST: '127.0.0.1', UPTIME_KUMA_PORT: String(this.port), NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout!.on('data', (c) => (this.output = (this.output + c).slice(-20_000)));
    child.stderr!.on('data', (c) => (this.output = (this.output + c).slice(-20_000)));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`Uptime Kuma exited with ${child.exitCode}:\n${this.output}`);
      try {
        if ((await fetch(`${this.url}/api/entry-page`)).ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`Uptime Kuma did not answer within 60 s:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Kills the server process outright (SIGKILL), as a crash would. */
  async kill(): Promise<void> {
    this.socket?.close();
    this.socket = undefined;
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  /** Stops it and removes its data. */
  async stop(): Promise<void> {
    await this.kill();
    await rm(this.dataDir, { recursive: true, force: true });
  }

  /** Emits a socket.io event with a callback, as Uptime Kuma's UI does; rejects on `ok: false`. */
  async call<T = Record<string, unknown>>(event: string, ...args: unknown[]): Promise<T> {
    if (!this.socket) {
      this.socket = io(this.url, { transports: ['websocket'], reconnection: false });
      await new Promise<void>((resolve, reject) => {
        this.socket!.once('connect', () => resolve());
        this.socket!.once('connect_error', reject);
      });
    }
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Uptime Kuma did not acknowledge "${event}" within 15 s`)), 15_000);
      this.socket!.emit(event, ...args, (answer: { ok?: boolean; msg?: string }) => {
        clearTimeout(timer);
        if (answer?.ok === false) reject(new Error(`Uptime Kuma refused "${event}": ${answer.msg}`));
        else resolve(answer as T);
      });
    });
  }

  /** First-run setup and sign-in as that admin. */
  async setupAdmin(username = 'admin', password = 'medianest-test-1'): Promise<void> {
    await this.call('setup', username, password);
    await this.call('login', { username, password, token: '' });
  }

  async addMonitor(monitor: ReturnType<typeof httpMonitor>): Promise<number> {
    const { monitorID } = await this.call<{ monitorID: number }>('add', monitor);
    return monitorID;
  }

  /** Creates a status page and publishes these groups of monitors on it. */
  async addStatusPage(slug: string, title: string, groups: { name: string; monitors: number[] }[]): Promise<void> {
    await this.call('addStatusPage', title, slug);
    const config = {
      slug, title, description: '', theme: 'auto', showTags: false, footerText: '', customCSS: '',
      showPoweredBy: false, showCertificateExpiry: false, domainNameList: [], googleAnalyticsId: '',
    };
    await this.call('saveStatusPage', slug, config, '/icon.svg', groups.map((g) => ({ name: g.name, monitorList: g.monitors.map((id) => ({ id })) })));
  }

  /** Pins an incident on a status page. */
  async postIncident(slug: string, incident: { title: string; content: string; style: string }): Promise<void> {
    await this.call('postIncident', slug, incident);
  }

  /** Creates an API key and answers it in clear (Uptime Kuma shows it only once). */
  async addApiKey(name = 'medianest'): Promise<string> {
    const { key } = await this.call<{ key: string }>('addAPIKey', { name, expires: null, active: 1 });
    return key;
  }
}
