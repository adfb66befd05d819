// A local HTTP service the test switches on and off, for Uptime Kuma to watch.
import { createServer, type Server } from 'node:http';
import { freePort } from './real-kuma.js';

export class Target {
  private server?: Server;

  private constructor(readonly port: number) {}

  static async start(): Promise<Target> {
    const target = new Target(await freePort());
    await target.up();
    return target;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  /** Listens (again) on its port and answers 200. */
  async up(): Promise<void> {
    if (this.server) return;
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'));
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', () => resolve()));
    this.server = server;
  }

  /** Stops listening, so connections are refused. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}
