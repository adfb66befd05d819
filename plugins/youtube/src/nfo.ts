// Kodi/Plex-style .nfo files and the show poster for the "by date" layout (as ytdl-sub writes them).
import { access, copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const xml = (s: string) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
const exists = (p: string) => access(p).then(() => true, () => false);

export interface EpisodeFacts {
  title: string;
  channel: string;
  videoId: string;
  uploadDate: string; // YYYYMMDD
  url: string;
}

/** Writes `<base>.nfo` for the episode, and `tvshow.nfo` + `poster.jpg` in the show folder when missing. */
export async function writeNfo(showDir: string, base: string, facts: EpisodeFacts): Promise<void> {
  const d = facts.uploadDate;
  const aired = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
  await writeFile(`${base}.nfo`, `<?xml version="1.0" encoding="UTF-8"?>
<episodedetails>
  <title>${xml(facts.title)}</title>
  <showtitle>${xml(facts.channel)}</showtitle>
  <season>${d.slice(0, 4)}</season>
  <episode>${Number(d.slice(4, 8))}</episode>
  <aired>${aired}</aired>
  <uniqueid type="youtube">${xml(facts.videoId)}</uniqueid>
  <plot>${xml(facts.url)}</plot>
</episodedetails>
`);
  const show = join(showDir, 'tvshow.nfo');
  if (!(await exists(show))) await writeFile(show, `<?xml version="1.0" encoding="UTF-8"?>\n<tvshow>\n  <title>${xml(facts.channel)}</title>\n</tvshow>\n`);
  const poster = join(showDir, 'poster.jpg');
  if (!(await exists(poster)) && (await exists(`${base}.jpg`))) await copyFile(`${base}.jpg`, poster);
}
