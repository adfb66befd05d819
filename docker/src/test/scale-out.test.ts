import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'node:https';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import { Redis } from 'ioredis';
import { createTestDatabase } from '@medianest/core/testing';
import { Nginx, writeNginxConfig } from './support/nginx.js';
import { MediaNestProcess, call, freePort, setCookie, sleep, type Answer } from './support/processes.js';

// The production shape for real, without containers: the shipped nginx configuration (ports
// filled in) in front of two web processes, and one worker process, all on one PostgreSQL
// database and one Redis prefix.
interface Ctx {
  dir: string;
  db: { url: string; drop(): Promise<void> };
  prefix: string;
  webA: MediaNestProcess;
  webB: MediaNestProcess;
  worker: MediaNestProcess;
  nginx: Nginx;
  https: string;
  http: string;
  ca: Buffer;
  agent: Agent;
  admin?: string;
  sockets: Socket[];
}
const test = suite<Ctx>('nginx in front of two web processes and a worker');
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const JOBS_DEMO = fileURLToPath(new URL('../../../core/test-fixtures/plugins/jobs-demo', import.meta.url));
const CSRF = 'csrf-token-of-the-scale-out-test-0123456789';
const csrfHeaders = (cookie?: string) => ({ cookie: [cookie, `mn_csrf=${CSRF}`].filter(Boolean).join('; '), 'x-csrf-token': CSRF });

test.before(async (ctx) => {
  try {
    await setUp(ctx);
  } catch (err) {
    console.error(err);
    throw err;
  }
});

async function setUp(ctx: Ctx): Promise<void> {
  ctx.sockets = [];
  ctx.dir = await mkdtemp(join(tmpdir(), 'medianest-scale-out-'));
  ctx.db = await createTestDatabase();
  ctx.prefix = `mnt${Date.now().toString(36)}so:`;
  await writeFile(join(ctx.dir, 'plugins.json'), JSON.stringify({ plugins: { 'jobs-demo': { enabled: true, path: JOBS_DEMO } } }));
  const [portA, portB, httpPort, httpsPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const common = {
    DATABASE_URL: ctx.db.url,
    REDIS_URL,
    REDIS_PREFIX: ctx.prefix,
    PLUGINS_FILE: join(ctx.dir, 'plugins.json'),
    DATA_DIR: join(ctx.dir, 'data'),
    HOST: '127.0.0.1',
    TRUST_PROXY: 'true',
    PUBLIC_URL: `https://127.0.0.1:${httpsPort}`,
    JOB_STALL_INTERVAL_MS: '1000',
    SHUTDOWN_DRAIN_MS: '12000',
  };
  ctx.webA = new MediaNestProcess('web A', { ...common, MEDIANEST_ROLE: 'web', PORT: String(portA) });
  ctx.webB = new MediaNestProcess('web B', { ...common, MEDIANEST_ROLE: 'web', PORT: String(portB) });
  ctx.worker = new MediaNestProcess('worker', { ...common, MEDIANEST_ROLE: 'worker', PORT: '0' });
  await ctx.webA.start(); // the first one applies the migrations
  await Promise.all([ctx.webB.start(), ctx.worker.start()]);

  const main = await writeNginxConfig({ dir: join(ctx.dir, 'nginx'), httpPort, httpsPort, upstreams: [`127.0.0.1:${portA}`, `127.0.0.1:${portB}`] });
  // The test's wrapper logs which process answered each request.
  await writeFile(main, (await readFile(main, 'utf8')).replace(/access_log .*/, `log_format upstreams '$status $request_method $uri $upstream_addr';\n  access_log ${join(ctx.dir, 'nginx/logs/access.log')} upstreams;`));
  ctx.nginx = new Nginx(main, join(ctx.dir, 'nginx'));
  await ctx.nginx.start(httpPort);
  ctx.https = `https://127.0.0.1:${httpsPort}`;
  ctx.http = `http://127.0.0.1:${httpPort}`;
  ctx.ca = await readFile(join(ctx.dir, 'nginx/certs/fullchain.pem'));
  ctx.agent = new Agent({ ca: ctx.ca, keepAlive: true });
}

test.after(async (ctx) => {
  for (const s of ctx.sockets ?? []) s.close();
  ctx.agent?.destroy();
  await ctx.nginx?.stop();
  await Promise.all([ctx.webA, ctx.webB, ctx.worker].map((p) => p?.kill('SIGTERM', 15_000)));
  const r = new Redis(REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await r.scan(cursor, 'MATCH', `${ctx.prefix}*`, 'COUNT', 500);
    if (keys.length) await r.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  r.disconnect();
  await ctx.db?.drop();
  await rm(ctx.dir, { recursive: true, force: true });
});

test('HTTP redirects to HTTPS; TLS answers with HSTS, compression and year-long caching of hashed assets; /metrics stays inside', async (ctx) => {
  const plain = await call(`${ctx.http}/some/page?x=1`);
  assert.is(plain.status, 301);
  assert.is(plain.headers.location, `${ctx.https}/some/page?x=1`);

  const health = await call(`${ctx.https}/api/health`, { agent: ctx.agent });
  assert.is(health.status, 200);
  assert.match(String(health.headers['strict-transport-security']), /max-age=31536000/);

  const assets = await readdir(fileURLToPath(new URL('../../../ui/dist/assets', import.meta.url)));
  const js = assets.find((f) => /-[\w-]{6,}\.js$/.test(f) && !f.endsWith('.map'));
  assert.ok(js, 'the UI build has hashed assets');
  const asset = await call(`${ctx.https}/assets/${js}`, { agent: ctx.agent, headers: { 'accept-encoding': 'gzip' } });
  assert.is(asset.status, 200);
  assert.is(asset.headers['cache-control'], 'public, max-age=31536000, immutable');

  const status = await call(`${ctx.https}/api/openapi.json`, { agent: ctx.agent, headers: { 'accept-encoding': 'gzip' } });
  assert.is(status.headers['content-encoding'], 'gzip');

  const metrics = await call(`${ctx.https}/metrics`, { agent: ctx.agent });
  assert.is(metrics.status, 403);
  assert.match(metrics.body.error, /only served inside/);
  assert.is((await call(`${ctx.webA.url}/metrics`)).status, 200, 'Prometheus scrapes a process directly');
});

test('a session made on one web process works on the other, and through nginx', async (ctx) => {
  // Each web process that starts unclaimed issues a code; the latest one is valid.
  const issued = [...ctx.webA.lines, ...ctx.webB.lines].filter((l) => l.setupCode).sort((a, b) => a.time - b.time);
  const code = issued.at(-1)?.setupCode;
  assert.ok(code, 'a setup code was printed');
  const setup = await call(`${ctx.webA.url}/api/setup`, { method: 'POST', headers: csrfHeaders(), json: { code, username: 'ada', password: 'correct horse battery staple' } });
  assert.is(setup.status, 201, setup.text);
  const cookie = setCookie(setup, 'mn_session');
  assert.ok(cookie);
  ctx.admin = cookie;
  const onB = await call(`${ctx.webB.url}/api/me`, { headers: { cookie: cookie! } });
  assert.ok(onB.body.user, `web B knows the session made on web A: ${onB.text}`);
  const viaNginx = await call(`${ctx.https}/api/me`, { agent: ctx.agent, headers: { cookie: cookie! } });
  assert.equal(viaNginx.body.user, onB.body.user);
  // Signing in on B with the account made through A.
  const login = await call(`${ctx.webB.url}/api/auth/login`, { method: 'POST', headers: csrfHeaders(), json: { username: 'ada', password: 'correct horse battery staple' } });
  assert.is(login.status, 200, login.text);
});

function connect(url: string, ctx: Ctx, cookie?: string): Promise<Socket> {
  const socket = io(url, { transports: ['websocket'], reconnection: false, ca: ctx.ca, extraHeaders: cookie ? { cookie } : {} } as any);
  ctx.sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

function next(socket: Socket, event: string, match: (d: any) => boolean, ms = 10_000): Promise<any> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    const on = (d: any) => {
      if (!match(d)) return;
      clearTimeout(timer);
      socket.off(event, on);
      resolve(d);
    };
    socket.on(event, on);
  });
}

test('a job enqueued through web A runs on the worker, and its live events reach browsers on both web processes and through nginx', async (ctx) => {
  const [onA, onB, viaNginx] = await Promise.all([connect(ctx.webA.url, ctx), connect(ctx.webB.url, ctx), connect(ctx.https, ctx, ctx.admin)]);
  assert.is(viaNginx.io.engine.transport.name, 'websocket', 'the websocket upgrade passes nginx');
  const enqueued = await call(`${ctx.webA.url}/api/plugins/jobs-demo/count`, { method: 'POST', headers: csrfHeaders(), json: { to: 3 } });
  assert.ok(enqueued.status < 300, enqueued.text);
  const jobId = String(enqueued.body.jobId ?? enqueued.body.id);
  const done = (d: any) => d.jobId === jobId;
  const results = await Promise.all([onA, onB, viaNginx].map((s) => next(s, 'jobs-demo.count.succeeded', done)));
  for (const r of results) assert.equal(r.result, { counted: 3 });
  // Web processes (MEDIANEST_ROLE=web) have no job processors: the worker ran it and raised these events.
  // A repeating job the worker runs raises events seen everywhere too.
  await Promise.all([onA, onB, viaNginx].map((s) => next(s, 'jobs-demo.tick', () => true, 5000)));
});

test('the sign-in limit is shared: wrong passwords for one account from one address, spread over both web processes, count together', async (ctx) => {
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) {
    const web = i % 2 === 0 ? ctx.webA : ctx.webB;
    const res = await call(`${web.url}/api/auth/login`, { method: 'POST', headers: { ...csrfHeaders(), 'x-forwarded-for': '10.20.30.40' }, json: { username: 'guess', password: 'wrong' } });
    statuses.push(res.status);
  }
  assert.equal(statuses, [401, 401, 401, 401, 401, 429]);
  // The same account from another address is not locked out (a household's owner at home).
  const other = await call(`${ctx.webB.url}/api/auth/login`, { method: 'POST', headers: { ...csrfHeaders(), 'x-forwarded-for': '10.20.30.41' }, json: { username: 'guess', password: 'wrong' } });
  assert.is(other.status, 401);
});

/** Steady load through nginx from `clients` loopback addresses (127.0.<subnet>.x): GETs and POSTs, every status counted. */
function steadyLoad(ctx: Ctx, clients: number, withPosts: boolean, subnet: number) {
  const statuses = new Map<string, number>();
  const failures: string[] = [];
  let running = true;
  const loops = Array.from({ length: clients }, async (_, i) => {
    const agent = new Agent({ ca: ctx.ca, keepAlive: true, localAddress: `127.0.${subnet}.${10 + i}` });
    for (let n = 0; running; n++) {
      const post = withPosts && n % 2 === 1;
      let res: Answer | undefined;
      try {
        res = post
          ? await call(`${ctx.https}/api/plugins/jobs-demo/count`, { method: 'POST', agent, headers: csrfHeaders(), json: { to: 1 } })
          : await call(`${ctx.https}/api/plugins/jobs-demo/ticks`, { agent });
      } catch (err) {
        failures.push(`${post ? 'POST' : 'GET'}: ${(err as Error).message}`);
      }
      if (res) {
        const key = `${post ? 'POST' : 'GET'} ${res.status}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        if (res.status >= 300) failures.push(`${key}: ${res.text.slice(0, 120)}`);
      }
      await sleep(250); // each address stays within nginx's 100/min (plus burst) API limit
    }
    agent.destroy();
  });
  return {
    statuses,
    failures,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

async function answeredBy(ctx: Ctx, port: number, sinceBytes: number): Promise<number> {
  const log = (await readFile(join(ctx.dir, 'nginx/logs/access.log'), 'utf8')).slice(sinceBytes);
  return log.split('\n').filter((l) => l.endsWith(`127.0.0.1:${port}`)).length;
}

test('a web process restarting (SIGTERM) under steady load of GETs and POSTs loses no request, and rejoins', async (ctx) => {
  const load = steadyLoad(ctx, 12, true, 1);
  await sleep(1500);
  const code = await ctx.webA.kill('SIGTERM');
  assert.is(code, 0, 'web A drained and exited cleanly');
  await sleep(1000);
  const logSize = (await readFile(join(ctx.dir, 'nginx/logs/access.log'))).length;
  await ctx.webA.start();
  let rejoined = 0;
  const until = Date.now() + 15_000;
  while (Date.now() < until && rejoined === 0) {
    await sleep(250);
    rejoined = await answeredBy(ctx, ctx.webA.port, logSize);
  }
  await load.stop();
  const total = [...load.statuses.values()].reduce((a, b) => a + b, 0);
  assert.ok(total > 50, `steady load ran (${total} requests: ${JSON.stringify([...load.statuses])})`);
  assert.equal(load.failures, [], `no request lost (${JSON.stringify([...load.statuses])})`);
  assert.ok(rejoined > 0, 'nginx sends requests to web A again after it restarted');
});

test('a web process killed outright (SIGKILL) under steady load of GETs loses none: nginx retries them on the other', async (ctx) => {
  const load = steadyLoad(ctx, 12, false, 2);
  await sleep(1000);
  await ctx.webB.kill('SIGKILL');
  await sleep(2000);
  await ctx.webB.start();
  await sleep(500);
  await load.stop();
  const total = [...load.statuses.values()].reduce((a, b) => a + b, 0);
  assert.ok(total > 30, `steady load ran (${total})`);
  assert.equal(load.failures, [], `no request lost (${JSON.stringify([...load.statuses])})`);
});

test("nginx's own sign-in limit per address answers 429 in plain words", async (ctx) => {
  const agent = new Agent({ ca: ctx.ca, keepAlive: true, localAddress: '127.0.0.77' });
  const statuses: number[] = [];
  let last: Answer | undefined;
  for (let i = 0; i < 7; i++) {
    last = await call(`${ctx.https}/api/auth/login`, { method: 'POST', agent, headers: csrfHeaders(), json: { username: `n${i}`, password: 'wrong' } });
    statuses.push(last.status);
  }
  agent.destroy();
  assert.ok(statuses.slice(0, 5).every((s) => s === 401), JSON.stringify(statuses));
  assert.is(statuses[5], 429, 'the sixth attempt within a minute is refused by nginx before MediaNest sees it');
  assert.match(last!.text, /Too many requests from your address; wait a minute and try again/);
  assert.ok(last!.headers['retry-after']);
});

test.run();
