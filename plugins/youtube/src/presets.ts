// Quality presets and the person's allowed options, turned into yt-dlp arguments. People choose
// from these; nobody passes raw yt-dlp options.
import type { DownloadOptions, YoutubeConfig } from './config.js';

export type PresetId = 'best' | '2160p' | '1080p' | '720p' | '480p' | 'audio-m4a' | 'audio-mp3';

interface Preset {
  /** Shown in the form. */
  label: string;
  /** Extension of the finished file. */
  ext: 'mp4' | 'm4a' | 'mp3';
  args: string[];
}

// Format sorting (-S) rather than brittle -f strings: prefer the height, then codecs Plex plays
// without transcoding (h264 + aac/m4a), and merge/remux into mp4.
const video = (res: string | null, label: string): Preset => ({
  label,
  ext: 'mp4',
  args: ['-S', `${res ? `res:${res},` : ''}vcodec:h264,acodec:m4a`, '--merge-output-format', 'mp4', '--remux-video', 'mp4'],
});

export const PRESETS: Record<PresetId, Preset> = {
  best: video(null, 'Best quality (mp4)'),
  '2160p': video('2160', '4K, 2160p (mp4)'),
  '1080p': video('1080', 'Full HD, 1080p (mp4)'),
  '720p': video('720', 'HD, 720p (mp4)'),
  '480p': video('480', 'Small, 480p (mp4)'),
  'audio-m4a': { label: 'Audio only (m4a)', ext: 'm4a', args: ['-f', 'ba[ext=m4a]/ba/b', '-x', '--audio-format', 'm4a'] },
  'audio-mp3': { label: 'Audio only (mp3)', ext: 'mp3', args: ['-f', 'ba/b', '-x', '--audio-format', 'mp3', '--audio-quality', '0'] },
};

export const SPONSORBLOCK_CATEGORIES = ['sponsor', 'intro', 'outro', 'selfpromo', 'preview', 'filler', 'interaction', 'music_offtopic'];

/** The options a person chose, minus those the admin does not allow. */
export function allowedOptions(options: DownloadOptions, allow: YoutubeConfig['allow']): DownloadOptions {
  const out: DownloadOptions = {};
  if (allow.subtitles && options.subtitles) out.subtitles = options.subtitles;
  if (allow.sponsorblock && options.sponsorblock) out.sponsorblock = options.sponsorblock;
  if (allow.embedMetadata && options.embedMetadata !== undefined) out.embedMetadata = options.embedMetadata;
  if (allow.embedThumbnail && options.embedThumbnail !== undefined) out.embedThumbnail = options.embedThumbnail;
  return out;
}

/** Names of chosen options the admin does not allow (to say so instead of silently dropping them). */
export function refusedOptions(options: DownloadOptions, allow: YoutubeConfig['allow']): string[] {
  const refused: string[] = [];
  if (options.subtitles && !allow.subtitles) refused.push('subtitles');
  if (options.sponsorblock && !allow.sponsorblock) refused.push('SponsorBlock');
  if (options.embedMetadata && !allow.embedMetadata) refused.push('embedded metadata');
  if (options.embedThumbnail && !allow.embedThumbnail) refused.push('embedded thumbnail');
  return refused;
}

/** yt-dlp arguments for a preset and the (already allowed) options. */
export function presetArgs(preset: PresetId, options: DownloadOptions): string[] {
  const p = PRESETS[preset];
  const args = [...p.args];
  const audio = p.ext !== 'mp4';
  if (options.subtitles && !audio) {
    args.push('--write-subs', '--sub-langs', options.subtitles.languages.map((l) => `${l}.*`).join(','), '--convert-subs', 'srt');
    if (options.subtitles.embed) args.push('--embed-subs');
  }
  if (options.sponsorblock) {
    const cats = (options.sponsorblock.categories?.length ? options.sponsorblock.categories : ['sponsor']).join(',');
    args.push(options.sponsorblock.mode === 'remove' ? '--sponsorblock-remove' : '--sponsorblock-mark', cats);
  }
  if (options.embedMetadata) args.push('--embed-metadata');
  if (options.embedThumbnail) args.push('--embed-thumbnail', '--convert-thumbnails', 'jpg');
  return args;
}

/** The extension a preset's finished file has. */
export const presetExt = (preset: PresetId): string => PRESETS[preset].ext;
