// The shipped nginx configuration, run for real: the template filled in (as the official image's
// envsubst step does), wrapped in a main nginx.conf whose pid, logs and temp paths live in a temp
// folder, and started as a child process (not a daemon) on 127.0.0.1 ports.
import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, writeFile, copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { userInfo } from 'node:os';

export const DOCKER_DIR = fileURLToPath(new URL('../../../', import.meta.url));
const NGINX = process.env.NGINX_BIN ?? '/usr/sbin/nginx';

/** Replaces `${NAME}` for each given name; throws if the template uses one that was not given. */
export function fillTemplate(text: string, vars: Record<string, string>): string {
  const out = text.replace(/\$\{([A-Z][A-Z0-9_]*)\}/g, (whole, name: string) => {
    if (!(name in vars)) throw new Error(`the nginx template uses \${${name}}, which the test did not fill in`);
    return vars[name]!;
  });
  return out;
}

/** A self-signed certificate for localhost / 127.0.0.1, as the README's LAN instructions make one. */
export function makeCertificate(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'fullchain.pem');
  const key = join(dir, 'privkey.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  return { cert, key };
}

export interface NginxSetup {
  dir: string;
  httpPort: number;
  httpsPort: number;
  /** host:port of each web process. */
  upstreams: string[];
}

/** Writes the configuration into `dir` and returns the main file's path. */
export async function writeNginxConfig(s: NginxSetup): Promise<string> {
  const tls = join(s.dir, 'certs');
  const conf = join(s.dir, 'conf');
  const included = join(s.dir, 'medianest');
  for (const d of [tls, conf, included, join(s.dir, 'logs'), join(s.dir, 'temp')]) await mkdir(d, { recursive: true });
  makeCertificate(tls);
  await copyFile(join(DOCKER_DIR, 'nginx/medianest/proxy.conf'), join(included, 'proxy.conf'));
  // The one file a deployment writes for itself: where its web processes are.
  await writeFile(join(included, 'upstream.conf'), s.upstreams.map((u) => `server ${u} max_fails=1 fail_timeout=5s;\n`).join(''));
  const template = await readFile(join(DOCKER_DIR, 'nginx/templates/medianest.conf.template'), 'utf8');
  await writeFile(join(conf, 'medianest.conf'), fillTemplate(template, {
    SERVER_NAME: '_',
    NGINX_HTTP_PORT: `127.0.0.1:${s.httpPort}`,
    NGINX_HTTPS_PORT: `127.0.0.1:${s.httpsPort}`,
    HTTPS_PUBLIC_PORT: String(s.httpsPort),
    TLS_DIR: tls,
    MEDIANEST_NGINX_DIR: included,
  }));
  const temp = join(s.dir, 'temp');
  const main = join(conf, 'nginx.conf');
  await writeFile(main, `# Test wrapper (the official image's own nginx.conf plays this part in Docker).
${userInfo().uid === 0 ? `user ${userInfo().username};` : ''}
worker_processes 1;
daemon off;
pid ${join(s.dir, 'nginx.pid')};
error_log ${join(s.dir, 'logs/error.log')} warn;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log ${join(s.dir, 'logs/access.log')} combined;
  client_body_temp_path ${temp}/body;
  proxy_temp_path ${temp}/proxy;
  fastcgi_temp_path ${temp}/fastcgi;
  uwsgi_temp_path ${temp}/uwsgi;
  scgi_temp_path ${temp}/scgi;
  include ${join(conf, 'medianest.conf')};
}
`);
  return main;
}

/** `nginx -t` on a configuration: its output; throws with it when the check fails. */
export function checkNginx(main: string, dir: string): string {
  const r = spawnSync(NGINX, ['-t', '-p', dir, '-e', join(dir, 'logs/error.log'), '-c', main], { encoding: 'utf8' });
  const out = `${r.stderr ?? ''}${r.stdout ?? ''}`;
  if (r.status !== 0) throw new Error(`nginx -t failed:\n${out}`);
  return out;
}

/** A running nginx, killed by stop(). */
export class Nginx {
  private child?: ChildProcess;
  private output = '';
  constructor(readonly main: string, readonly dir: string) {}

  async start(probePort: number): Promise<void> {
    this.child = spawn(NGINX, ['-p', this.dir, '-e', join(this.dir, 'logs/error.log'), '-c', this.main], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (c) => (this.output += c));
    this.child.stderr!.on('data', (c) => (this.output += c));
    const until = Date.now() + 5000;
    while (Date.now() < until) {
      if (this.child.exitCode !== null) throw new Error(`nginx exited: ${this.output}`);
      const ok = await fetch(`http://127.0.0.1:${probePort}/`, { redirect: 'manual' }).then(() => true, () => false);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`nginx did not start: ${this.output}`);
  }

  async errorLog(): Promise<string> {
    return readFile(join(this.dir, 'logs/error.log'), 'utf8').catch(() => '');
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM'); // fast shutdown; the master takes its worker with it
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }
}
