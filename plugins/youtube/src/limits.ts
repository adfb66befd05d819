// The per-person hourly limit (counted in PostgreSQL, so it survives Redis and counts only links
// that were accepted) and the free-space guard.
import { statfs } from 'node:fs/promises';
import type { Sql } from './sql.js';

/** When the person may queue again, or null when they may now. */
export async function nextAllowedAt(sql: Sql, userId: string, perHour: number): Promise<Date | null> {
  if (perHour <= 0) return null;
  const rows = await sql.all<{ created_at: Date }>(
    `select created_at from youtube_downloads
      where user_id = ? and group_index is null and created_at > now() - interval '1 hour'
      order by created_at desc limit ?`,
    [userId, perHour],
  );
  if (rows.length < perHour) return null;
  return new Date(new Date(rows.at(-1)!.created_at).getTime() + 3_600_000);
}

/** "14:05 (in 23 minutes)" */
export function whenText(at: Date, now = Date.now()): string {
  const minutes = Math.max(1, Math.ceil((at.getTime() - now) / 60_000));
  const clock = at.toISOString().slice(11, 16);
  return `${clock} UTC (in ${minutes} minute${minutes === 1 ? '' : 's'})`;
}

/** Free bytes on the filesystem holding `dir`. */
export async function freeBytes(dir: string): Promise<number> {
  const s = await statfs(dir);
  return Number(s.bavail) * Number(s.bsize);
}

/** A sentence when there is less than `minFreeGb` free, else null. */
export async function spaceProblem(dir: string, minFreeGb: number): Promise<string | null> {
  if (minFreeGb <= 0) return null;
  const free = await freeBytes(dir);
  if (free >= minFreeGb * 1e9) return null;
  return `The server is almost out of space (${(free / 1e9).toFixed(1)} GB free, ${minFreeGb} GB must stay free). Ask an admin to make room`;
}
