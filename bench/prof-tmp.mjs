import { spawn, execFileSync } from 'node:child_process';
import { writeFileSync, readdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { SessionStore } from '/work/wt/perf/core/dist/auth/sessions.js';
import { deleteByPrefix } from '/work/wt/perf/core/dist/redis.js';
const root = '/work/wt/perf';
import { createTestDatabase } from '/work/wt/perf/core/dist/testing.js';
const db = await createTestDatabase();
const prefix = 'mnprof:';
const redis = new Redis();
await deleteByPrefix(redis, prefix);
writeFileSync('/tmp/perfprof/plugins.json', JSON.stringify({ plugins: { sysinfo: { enabled: true, package: 'medianest-plugin-sysinfo', config: { interval: '5s' } }, bench: { enabled: true, path: root + '/bench/fixtures/bench-plugin' } } }));
const env = { ...process.env, PORT: '3911', HOST: '127.0.0.1', DATA_DIR: root + '/bench/results/data', PLUGINS_FILE: '/tmp/perfprof/plugins.json', LOG_LEVEL: 'warn', REDIS_PREFIX: prefix, DATABASE_URL: db.url, RATE_LIMIT_API: '100000000/min' };
const args = ['--max-semi-space-size=4', ...(process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/perfprof'] : []), 'core/dist/cli/main.js', 'start'];
const core = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
for (;;) { try { if ((await fetch('http://127.0.0.1:3911/api/health/ready')).ok) break; } catch {} await new Promise(r => setTimeout(r, 50)); }
const s = new SessionStore(redis, prefix);
const cookies = [];
for (let i = 0; i < 500; i++) { const id = randomBytes(32).toString('base64url'); await s.create(id, { id: 'u' + i, name: 'U', role: 'user' }); const r = await fetch('http://127.0.0.1:3911/api/me', { headers: { cookie: 'mn_session=' + id } }); cookies.push('mn_session=' + id + '; mn_csrf=' + /mn_csrf=([^;]+)/.exec(r.headers.get('set-cookie'))[1]); }
writeFileSync('/tmp/perfprof/s.lua', `local c = {${cookies.map(c => '"' + c + '"').join(',')}}\nlocal i = 0\nrequest = function() i = i % #c + 1 wrk.headers["Cookie"] = c[i] return wrk.format(nil) end\n`);
const path = process.argv[2] ?? '/api/plugins/bench/whoami';
for (const p of ['/api/plugins/sysinfo/now', path]) {
  const out = execFileSync('wrk', ['-t2', '-c50', '-d8s', '--latency', ...(p.includes('sysinfo') ? [] : ['-s', '/tmp/perfprof/s.lua']), 'http://127.0.0.1:3911' + p], { encoding: 'utf8' });
  console.log(p, /Requests\/sec:\s+([\d.]+)/.exec(out)[1], /99%\s+(\S+)/.exec(out)[1]);
}
core.kill('SIGTERM'); await new Promise(r => core.once('exit', r));
await deleteByPrefix(redis, prefix); redis.disconnect(); await db.drop();
