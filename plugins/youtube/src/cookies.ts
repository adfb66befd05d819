// The cookies file an admin uploads (for age-restricted videos and "not a bot" checks): kept under
// the data directory, readable by this process only (0600), never sent back.
import { chmod, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const cookiesFile = (dataDir: string): string => join(dataDir, 'cookies.txt');

export async function hasCookies(dataDir: string): Promise<boolean> {
  return stat(cookiesFile(dataDir)).then((s) => s.size > 0, () => false);
}

/** What the admin page shows about the file: never its content. */
export async function cookiesInfo(dataDir: string): Promise<{ present: boolean; bytes: number; updatedAt: string | null }> {
  const s = await stat(cookiesFile(dataDir)).catch(() => null);
  return { present: Boolean(s), bytes: s?.size ?? 0, updatedAt: s ? s.mtime.toISOString() : null };
}

/** A sentence saying what is wrong with an uploaded file, or null when it reads as a Netscape cookies file. */
export function cookiesProblem(text: string): string | null {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() && !(l.startsWith('#') && !l.startsWith('#HttpOnly_')));
  if (!lines.length) return 'The file has no cookies in it';
  const bad = lines.find((l) => l.split('\t').length < 7);
  if (bad) return 'This is not a cookies.txt file in the Netscape format (export it with a "cookies.txt" browser extension)';
  return null;
}

/** Replaces the file atomically, created with mode 0600. */
export async function saveCookies(dataDir: string, text: string): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const tmp = `${cookiesFile(dataDir)}.${process.pid}.tmp`;
  await writeFile(tmp, text.endsWith('\n') ? text : `${text}\n`, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, cookiesFile(dataDir));
}

export async function removeCookies(dataDir: string): Promise<void> {
  await rm(cookiesFile(dataDir), { force: true });
}
