import { duration, type JSONSchema } from '@medianest/sdk';
import { PRESETS, SPONSORBLOCK_CATEGORIES, type PresetId } from './presets.js';

/** Settings in plugins.json under plugins.youtube.config. */
export interface YoutubeConfig {
  /** The yt-dlp program (a name on PATH or a full path). */
  ytDlpPath: string;
  /** The ffmpeg program yt-dlp merges and converts with. */
  ffmpegPath: string;
  /** Where downloads go (one folder per person inside); empty: `<data dir>/plugins/youtube/downloads`. */
  downloadsDir: string;
  /** The same folder as Plex sees it (e.g. /data/youtube in Plex's container); empty: the same path. */
  plexDownloadsDir: string;
  /** `by-date`: Channel/Season YYYY/sYYYY.eMMDD - Title [id].ext (Plex "TV by date"); `flat`: Title [id].ext. */
  layout: 'by-date' | 'flat';
  /** The preset chosen when a person does not choose one. */
  defaultPreset: PresetId;
  /** Downloads running at once across the whole server. */
  concurrency: number;
  /** Pause after each download before the next one starts (against throttling). */
  pauseBetween: string;
  /** Links one person may queue per hour; 0 for no limit. */
  perHour: number;
  /** Largest file per download, e.g. "4G" or "500M"; empty for no limit. */
  maxFileSize: string;
  /** Refuse new downloads when the downloads disk has less free space than this (GB). */
  minFreeGb: number;
  /** Most items taken from one playlist or channel link. */
  maxPlaylistItems: number;
  /** Allow links to private, loopback and link-local addresses (off: they are refused). */
  allowPrivateAddresses: boolean;
  /** Which extra options people may choose. */
  allow: { subtitles: boolean; sponsorblock: boolean; embedMetadata: boolean; embedThumbnail: boolean };
}

const size = { type: 'string', pattern: '^(\\d+(\\.\\d+)?[KMG])?$', errorMessage: { pattern: 'Use a size such as 500M or 4G, or leave it empty for no limit' } };

export const configSchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ytDlpPath: { type: 'string', minLength: 1, default: 'yt-dlp', title: 'yt-dlp program', description: 'Name or full path of yt-dlp (keep it current: sites break old versions)' },
    ffmpegPath: { type: 'string', minLength: 1, default: 'ffmpeg', title: 'ffmpeg program', description: 'Name or full path of ffmpeg, used to merge video and audio' },
    downloadsDir: { type: 'string', default: '', title: 'Downloads folder', description: 'Where downloads go, one folder per person inside. Empty: inside the MediaNest data folder' },
    plexDownloadsDir: { type: 'string', default: '', title: 'Downloads folder as Plex sees it', description: 'The same folder as the Plex server sees it (for example /data/youtube in its container). Empty: the same path' },
    layout: { type: 'string', enum: ['by-date', 'flat'], default: 'by-date', title: 'File layout', description: '"by-date": Channel/Season 2026/s2026.e0317 - Title.mp4 (a Plex TV library with the Personal Media Shows agent); "flat": one folder of files' },
    defaultPreset: { type: 'string', enum: Object.keys(PRESETS), default: '1080p', title: 'Default quality' },
    concurrency: { type: 'integer', minimum: 1, maximum: 8, default: 2, title: 'Downloads at once', description: 'Across the whole server; 1 or 2 keeps sites from throttling' },
    pauseBetween: duration({ default: '5s', maxMs: 600_000, description: 'Pause after each download before the next one starts' }),
    perHour: { type: 'integer', minimum: 0, maximum: 1000, default: 5, title: 'Links per person per hour', description: '0 for no limit' },
    maxFileSize: { ...size, default: '', title: 'Largest download', description: 'For example 4G; empty for no limit' },
    minFreeGb: { type: 'number', minimum: 0, default: 5, title: 'Keep this much disk free (GB)', description: 'New downloads are refused below it' },
    maxPlaylistItems: { type: 'integer', minimum: 1, maximum: 500, default: 50, title: 'Most items from one playlist' },
    allowPrivateAddresses: { type: 'boolean', default: false, title: 'Allow links to this network', description: 'Off: links to private, loopback and link-local addresses are refused' },
    allow: {
      type: 'object',
      additionalProperties: false,
      default: {},
      title: 'Options people may choose',
      properties: {
        subtitles: { type: 'boolean', default: true, title: 'Subtitles' },
        sponsorblock: { type: 'boolean', default: false, title: 'SponsorBlock (skip or mark sponsor segments)' },
        embedMetadata: { type: 'boolean', default: true, title: 'Embed title, channel and date in the file' },
        embedThumbnail: { type: 'boolean', default: true, title: 'Embed the thumbnail as cover art' },
      },
    },
  },
};

/** The options a person may pick for one download (never raw yt-dlp options). */
export interface DownloadOptions {
  subtitles?: { languages: string[]; embed: boolean };
  sponsorblock?: { mode: 'remove' | 'mark'; categories: string[] };
  embedMetadata?: boolean;
  embedThumbnail?: boolean;
}

export const optionsSchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    subtitles: {
      type: 'object',
      additionalProperties: false,
      required: ['languages'],
      properties: {
        languages: {
          type: 'array', minItems: 1, maxItems: 5, uniqueItems: true,
          items: { type: 'string', pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$', errorMessage: { pattern: 'Use language codes such as en, de or pt-BR' } },
          title: 'Subtitle languages',
        },
        embed: { type: 'boolean', default: true, title: 'Put subtitles inside the file' },
      },
    },
    sponsorblock: {
      type: 'object',
      additionalProperties: false,
      required: ['mode'],
      properties: {
        mode: { type: 'string', enum: ['remove', 'mark'], title: 'Sponsor segments', errorMessage: { enum: 'Choose "remove" or "mark"' } },
        categories: { type: 'array', uniqueItems: true, items: { type: 'string', enum: SPONSORBLOCK_CATEGORIES }, default: ['sponsor'], title: 'Kinds of segment' },
      },
    },
    embedMetadata: { type: 'boolean', title: 'Embed title, channel and date' },
    embedThumbnail: { type: 'boolean', title: 'Embed the thumbnail' },
  },
};
