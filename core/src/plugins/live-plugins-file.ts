import { mkdir, readFile, writeFile, access } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { Logger } from 'pino';

/**
 * The live plugins.json belongs to the install's data, not to the checkout: on the first start it is
 * created from the shipped one (paths of local plugins rewritten so they still point at the same
 * folders). Later starts, and admin actions, use the live file alone.
 */
export async function ensureLivePluginsFile(live: string, shipped: string | undefined, log: Logger): Promise<void> {
  if (await exists(live)) return;
  if (!shipped || resolve(shipped) === resolve(live) || !(await exists(shipped))) return;
  const data = JSON.parse(await readFile(shipped, 'utf8')) as { plugins?: Record<string, { path?: string }> };
  for (const entry of Object.values(data.plugins ?? {})) {
    if (entry && typeof entry.path === 'string' && !isAbsolute(entry.path)) {
      entry.path = relative(dirname(live), resolve(dirname(shipped), entry.path)) || '.';
    }
  }
  await mkdir(dirname(live), { recursive: true });
  await writeFile(live, JSON.stringify(data, null, 2) + '\n', { flag: 'wx' }).catch((err) => {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; // another process made it first
  });
  log.info({ pluginsFile: live, from: shipped }, 'created the live plugins.json from the shipped one');
}

const exists = (path: string) => access(path).then(() => true, () => false);
