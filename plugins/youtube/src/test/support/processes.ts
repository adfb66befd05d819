// Which yt-dlp processes run now, read from /proc (to see that a cancel really ended them).
import { readdir, readFile } from 'node:fs/promises';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestCore } from '@medianest/core/testing';

/** Process ids whose command line contains `text`. */
export async function processesWith(text: string): Promise<number[]> {
  const out: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const cmd = await readFile(`/proc/${name}/cmdline`, 'utf8').catch(() => '');
    if (cmd.includes(text) && !cmd.includes('processesWith')) out.push(Number(name));
  }
  return out;
}

/** Starts a worker process of the portal; resolves once it is ready. */
export async function startWorker(t: TestCore): Promise<{ child: ChildProcess; exited: Promise<unknown> }> {
  const { databaseUrl, redisUrl, redisPrefix, pluginsFile, dataDir } = t.core.config;
  const script = fileURLToPath(new URL('./worker.js', import.meta.url));
  const child = spawn(process.execPath, [script, JSON.stringify({ databaseUrl, redisUrl, redisPrefix, pluginsFile, dataDir })], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the worker process did not start within 60 s")), 60_000);
    child.stdout!.on('data', (c) => {
      out += c;
      if (out.includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`the worker process exited with ${code}`)));
  });
  return { child, exited };
}
