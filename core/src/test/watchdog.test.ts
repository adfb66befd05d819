import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase } from '../testing.js';
import { fixturePlugin } from './support/fixtures.js';

// A plugin route stuck in a synchronous endless loop: the watchdog thread ends the process after
// WATCHDOG_SECONDS with a log line naming the plugin and route, and the next start keeps it off.
const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url));
const test = suite<{ dir: string; db: { url: string; drop(): Promise<void> } }>('the watchdog ends a frozen portal and blames the plugin');

test.before(async (ctx) => {
  ctx.dir = await mkdtemp(join(tmpdir(), 'medianest-watchdog-'));
  ctx.db = await createTestDatabase();
  const plugins = { plugins: { crashy: { enabled: true, path: fixturePlugin('crashy') }, hello: { enabled: true, path: fixturePlugin('hello') } } };
  await writeFile(join(ctx.dir, 'plugins.json'), JSON.stringify(plugins));
});
test.after(async (ctx) => {
  await ctx.db?.drop();
  await rm(ctx.dir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  url: string;
  lines: any[];
  exited: Promise<{ code: number | null; signal: string | null }>;
}

function start(dir: string, db: string): Promise<Started> {
  const child = spawn(process.execPath, [CLI, 'start'], {
    cwd: dir,
    env: { ...process.env, PLUGINS_FILE: join(dir, 'plugins.json'), DATA_DIR: join(dir, 'data'), DATABASE_URL: db, PORT: '0', HOST: '127.0.0.1', WATCHDOG_SECONDS: '3', REDIS_PREFIX: `mnwd${process.pid}:`, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: any[] = [];
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error('no "ready" line within 30 s')), 30_000);
    child.stdout!.on('data', (chunk) => {
      buf += chunk;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const text = buf.slice(0, i);
        buf = buf.slice(i + 1);
        try {
          const line = JSON.parse(text);
          lines.push(line);
          if (line.url && /ready/.test(line.msg)) {
            clearTimeout(timer);
            resolve({ child, url: line.url, lines, exited });
          }
        } catch {}
      }
    });
    void exited.then((e) => reject(new Error(`exited (${JSON.stringify(e)}) before it was ready: ${lines.slice(-4).map((l) => `${l.msg} ${l.reason ?? l.err?.message ?? ''}`).join(' | ')}`)));
  });
}

test('a route looping for ever: exit non-zero, a line naming plugin and route, kept off at the next start', async ({ dir, db }) => {
  const first = await start(dir, db.url);
  assert.is((await fetch(first.url + '/api/plugins/crashy/ok')).status, 200);
  fetch(first.url + '/api/plugins/crashy/spin').catch(() => {});
  const exit = await Promise.race([first.exited, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('still running 15 s later')), 15_000))]);
  assert.ok(exit.code !== 0, `exit ${JSON.stringify(exit)}`);
  const blame = first.lines.find((l) => l.plugin === 'crashy' && /froze the portal/.test(l.msg));
  assert.ok(blame, `no line blames crashy: ${first.lines.map((l) => l.msg).join(' | ')}`);
  assert.match(blame.msg, /plugin crashy froze the portal for \d+ s in GET \/api\/plugins\/crashy\/spin/);
  const record = JSON.parse(await readFile(join(dir, 'data', 'frozen-plugins.json'), 'utf8'));
  assert.match(record.crashy.reason, /^It froze the portal at \d\d:\d\d in GET \/api\/plugins\/crashy\/spin: .*Enable it again once it is fixed$/);

  const second = await start(dir, db.url);
  try {
    assert.is((await fetch(second.url + '/api/plugins/crashy/ok')).status, 404, 'kept off');
    assert.is((await fetch(second.url + '/api/plugins/hello/hello')).status, 200, 'the rest serves');
    assert.ok(second.lines.some((l) => l.plugin === 'crashy' && /kept off: it froze the portal/.test(l.msg)));
  } finally {
    second.child.kill('SIGTERM');
    await second.exited;
  }
});

test.run();
