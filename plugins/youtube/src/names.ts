// File and folder names for Plex and for every filesystem, and the guard that keeps every path
// inside the person's own folder whatever a video's title says.
import { isAbsolute, relative, resolve, sep } from 'node:path';

const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/**
 * One path segment: no slashes or characters Windows, macOS or Plex choke on, no control
 * characters, no leading dots (no "..", no hidden files), no trailing dots or spaces, at most
 * `max` UTF-8 bytes (filesystems count bytes). Never empty.
 */
export function safeSegment(text: string, max = 120, fallback = 'Untitled'): string {
  let s = text
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/[\\/]/g, '-')
    .replace(/[<>:"|?*]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  s = cutBytes(s, max).replace(/[.\s]+$/, '');
  if (!s || RESERVED.test(s.split('.')[0]!)) s = s ? `_${s}` : fallback;
  return s;
}

function cutBytes(s: string, max: number): string {
  if (Buffer.byteLength(s) <= max) return s;
  let out = '';
  for (const ch of s) {
    if (Buffer.byteLength(out + ch) > max) break;
    out += ch;
  }
  return out;
}

/** What names are made of, from yt-dlp's probe of the video. */
export interface NameParts {
  title: string;
  videoId: string;
  channel: string;
  /** YYYYMMDD, when known. */
  uploadDate?: string | null;
}

/** The relative path (without extension) of a download in the chosen layout. */
export function layoutPath(parts: NameParts, layout: 'by-date' | 'flat', today = new Date()): string[] {
  const id = safeSegment(parts.videoId, 60, 'video');
  const title = safeSegment(parts.title, 150);
  if (layout === 'flat') return [`${title} [${id}]`];
  const date = /^\d{8}$/.test(parts.uploadDate ?? '') ? parts.uploadDate! : today.toISOString().slice(0, 10).replaceAll('-', '');
  const year = date.slice(0, 4);
  return [safeSegment(parts.channel, 100, 'Unknown channel'), `Season ${year}`, `s${year}.e${date.slice(4, 8)} - ${title} [${id}]`];
}

/** True when `path` is `root` or inside it (after resolving `..` and the like). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(resolve(root), resolve(path));
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** `segments` joined under `root`; throws when the result would leave `root`. */
export function inside(root: string, ...segments: string[]): string {
  const path = resolve(root, ...segments);
  if (!isInside(root, path)) throw new Error(`path escapes the downloads folder: ${path}`);
  return path;
}

/** A person's folder name, from their display name (made unique by the store). */
export function personFolder(name: string): string {
  return safeSegment(name, 80, "Someone");
}
