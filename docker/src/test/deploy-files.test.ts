import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOCKER_DIR, checkNginx, fillTemplate, writeNginxConfig } from './support/nginx.js';

// What CI can check without a Docker engine: every compose file as docker-compose reads it, and
// the nginx configuration as nginx itself reads it.
const test = suite('the production files');

/** The compose file as docker-compose resolves it, as JSON (converted by the YAML module docker-compose itself uses). */
async function composeConfig(file: string): Promise<any> {
  const { stdout: yaml } = await promisify(execFile)('docker-compose', ['-f', join(DOCKER_DIR, file), 'config'], { cwd: DOCKER_DIR, encoding: 'utf8', env: { ...process.env, COMPOSE_PROJECT_NAME: 'medianest' } });
  return JSON.parse(execFileSync('python3', ['-c', 'import sys, json, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))'], { input: yaml, encoding: 'utf8' }));
}

const resolved = new Map<string, any>();
test('every compose file is valid as docker-compose reads it', async () => {
  const files = (await readdir(DOCKER_DIR)).filter((f) => /^compose.*\.ya?ml$/.test(f));
  assert.ok(files.includes('compose.yml') && files.includes('compose.dev.yml') && files.includes('compose.test.yml'), files.join(', '));
  // In parallel: docker-compose takes seconds to start.
  const configs = await Promise.all(files.map((f) => composeConfig(f)));
  files.forEach((f, i) => resolved.set(f, configs[i]));
});

test('production: app, worker, PostgreSQL, Redis and nginx; only nginx publishes ports; hardened', () => {
  const { services, networks, secrets, volumes } = resolved.get('compose.yml');
  assert.equal(Object.keys(services).sort(), ['app', 'backup', 'nginx', 'postgres', 'redis', 'worker']);
  for (const [name, s] of Object.entries<any>(services)) {
    if (name !== 'nginx') assert.is(s.ports, undefined, `${name} publishes no port`);
    assert.ok(s.logging?.options?.['max-size'], `${name} rotates its logs`);
    assert.ok(s.read_only, `${name} has a read-only root`);
    assert.equal(s.cap_drop, ['ALL'], `${name} drops every capability`);
    assert.ok(s.security_opt?.includes('no-new-privileges:true'), `${name}: no-new-privileges`);
    if (name !== 'backup') assert.ok(s.deploy?.resources?.limits?.memory, `${name} has a memory limit`);
  }
  assert.equal(services.nginx.ports.map((p: any) => p.target).sort(), [8080, 8443]);
  assert.match(services.postgres.healthcheck.test.join(' '), /pg_isready/);
  assert.ok(services.redis.command.includes('--appendonly') && services.redis.command.includes('yes'));
  assert.match(services.redis.healthcheck.test.join(' '), /redis-cli ping/);
  for (const name of ['app', 'worker']) {
    const s = services[name];
    assert.equal(s.depends_on, { postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    assert.is(s.environment.DATABASE_PASSWORD_FILE, '/run/secrets/db_password');
    assert.is(s.environment.ENCRYPTION_KEY_FILE, '/run/secrets/encryption_key');
    assert.not.match(s.environment.DATABASE_URL, /:[^@/]*@/, 'no password in DATABASE_URL');
    assert.equal(s.secrets.map((x: any) => x.source).sort(), ['db_password', 'encryption_key']);
    assert.ok(s.tmpfs.some((t: string) => t.startsWith('/tmp')));
    assert.equal(s.networks && Object.keys(s.networks).sort(), ['backend', 'frontend']);
  }
  assert.is(services.app.environment.MEDIANEST_ROLE, 'web');
  assert.is(services.app.environment.TRUST_PROXY, 'true');
  assert.match(services.app.healthcheck.test.join(' '), /\/api\/health\/ready/);
  assert.is(services.worker.environment.MEDIANEST_ROLE, 'worker');
  assert.is(services.worker.deploy.replicas, 2);
  assert.equal(Object.keys(services.postgres.networks), ['backend']);
  assert.equal(Object.keys(services.redis.networks), ['backend']);
  assert.equal(Object.keys(services.nginx.networks), ['frontend']);
  assert.is(networks.backend.internal, true);
  assert.equal(Object.keys(secrets).sort(), ['db_password', 'encryption_key']);
  assert.equal(Object.keys(volumes).sort(), ['config', 'downloads', 'postgres', 'redis']);
  assert.is(services.app.environment.PLUGINS_FILE, '/config/plugins.json', 'the live plugins.json is on the config volume');
});

test('the test stack runs the CI script against PostgreSQL and Redis on 127.0.0.1', () => {
  const { services } = resolved.get('compose.test.yml');
  assert.equal(services.test.command, ['bash', '.ci/run']);
  assert.is(services.test.network_mode, 'service:postgres');
  assert.is(services.redis.network_mode, 'service:postgres');
});

test('the nginx template fills in and nginx -t accepts it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'medianest-nginx-t-'));
  try {
    const main = await writeNginxConfig({ dir, httpPort: 18080, httpsPort: 18443, upstreams: ['127.0.0.1:3101', '127.0.0.1:3102'] });
    const out = checkNginx(main, dir);
    assert.match(out, /test is successful/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a template variable nobody fills in is caught, not left for nginx to misread', () => {
  assert.throws(() => fillTemplate('listen ${NGINX_HTTP_PORT};', {}), /NGINX_HTTP_PORT/);
  assert.is(fillTemplate('proxy_set_header Host $host; listen ${P};', { P: '80' }), 'proxy_set_header Host $host; listen 80;');
});

test.run();
