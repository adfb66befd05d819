// Each person's own folder under the downloads root, named after them once (a later change of
// display name keeps the folder Plex already knows). Two people of the same name get "Sam", "Sam 2".
import { personFolder } from './names.js';
import type { Sql } from './sql.js';

/** The person's folder name, created on their first download. */
export async function folderOf(sql: Sql, user: { id: string; name: string }): Promise<string> {
  const known = await sql.one<{ folder: string }>('select folder from youtube_people where user_id = ?', [user.id]);
  if (known) return known.folder;
  const base = personFolder(user.name);
  for (let n = 1; n < 1000; n++) {
    const folder = n === 1 ? base : `${base} ${n}`;
    const row = await sql.one<{ folder: string }>(
      'insert into youtube_people (user_id, folder) values (?, ?) on conflict do nothing returning folder',
      [user.id, folder],
    );
    if (row) return row.folder;
    const mine = await sql.one<{ folder: string }>('select folder from youtube_people where user_id = ?', [user.id]);
    if (mine) return mine.folder; // another request of theirs made it meanwhile
  }
  throw new Error(`no free folder name for ${user.id}`);
}
