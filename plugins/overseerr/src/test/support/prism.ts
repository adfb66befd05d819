// Stoplight Prism (@stoplight/prism-cli) mocking Overseerr from overseerr-api.yml, with its request
// validator (a request that breaks the spec is answered 422). Not --errors: that also checks
// Prism's own answers, which fail for the spec's circular MediaRequest ↔ MediaInfo schemas. Prism serves the spec's
// paths at its root, so a small proxy in front strips the /api/v1 the client (rightly) sends and
// records what Prism answered.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { SPEC_PATH } from './spec.js';

export interface PrismCall {
  method: string;
  path: string;
  status: number;
  apiUser?: string;
  body: string;
}

export class Prism {
  readonly calls: PrismCall[] = [];
  url = '';
  private child!: ChildProcess;
  private proxy!: Server;
  private output = '';

  static async start(): Promise<Prism> {
    const prism = new Prism();
    const cli = createRequire(import.meta.url).resolve('@stoplight/prism-cli/dist/index.js');
    // Port 0: Prism prints the address it got.
    prism.child = spawn(process.execPath, [cli, 'mock', '-h', '127.0.0.1', '-p', '0', SPEC_PATH], { env: { ...process.env, SCARF_ANALYTICS: 'false' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const target = await new Promise<URL>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Prism did not start within 90 s:\n${prism.output.slice(-2000)}`)), 90_000);
      const onData = (chunk: Buffer) => {
        prism.output += chunk.toString();
        const m = /Prism is listening on (http:\/\/[\d.]+:\d+)/.exec(prism.output);
        if (m) {
          clearTimeout(timer);
          resolve(new URL(m[1]!));
        }
      };
      prism.child.stdout!.on('data', onData);
      prism.child.stderr!.on('data', onData);
      prism.child.once('exit', (code) => reject(new Error(`Prism exited (${code}):\n${prism.output.slice(-2000)}`)));
    });
    prism.proxy = createServer((req, res) => {
      const path = (req.url ?? '/').replace(/^\/api\/v1/, '') || '/';
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const upstream = httpRequest({ host: target.hostname, port: target.port, method: req.method, path, headers: { ...req.headers, host: target.host } }, (answer) => {
          const body: Buffer[] = [];
          answer.on('data', (c) => body.push(c));
          answer.on('end', () => {
            const text = Buffer.concat(body).toString('utf8');
            prism.calls.push({ method: req.method!, path, status: answer.statusCode!, apiUser: req.headers['x-api-user'] as string | undefined, body: text });
            res.writeHead(answer.statusCode!, { 'content-type': answer.headers['content-type'] ?? 'application/json' });
            res.end(text);
          });
        });
        upstream.on('error', (err) => { res.writeHead(502); res.end(String(err)); });
        upstream.end(Buffer.concat(chunks));
      });
    });
    await new Promise<void>((r) => prism.proxy.listen(0, '127.0.0.1', r));
    prism.url = `http://127.0.0.1:${(prism.proxy.address() as AddressInfo).port}`;
    return prism;
  }

  async stop(): Promise<void> {
    this.proxy?.closeAllConnections();
    await new Promise<void>((r) => (this.proxy ? this.proxy.close(() => r()) : r()));
    if (this.child && this.child.exitCode === null) {
      const exited = new Promise((r) => this.child.once('exit', r));
      this.child.kill('SIGTERM');
      await exited;
    }
  }
}
