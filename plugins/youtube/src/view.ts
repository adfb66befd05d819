// A download as people see it in the API and in live events.
import type { JSONSchema } from '@medianest/sdk';
import type { DownloadRow } from './tables.js';

export interface DownloadView {
  id: number;
  url: string;
  preset: string;
  status: string;
  phase: string | null;
  title: string | null;
  channel: string | null;
  group: { id: number; title: string | null; index: number; size: number } | null;
  percent: number | null;
  bytesDone: number | null;
  bytesTotal: number | null;
  speed: number | null;
  eta: number | null;
  file: string | null;
  error: string | null;
  /** yt-dlp's own error line: admins only. */
  errorDetail?: string | null;
  plex: string | null;
  createdAt: string;
  finishedAt: string | null;
}

const n = (v: string | number | null) => (v === null ? null : Number(v));

export function toView(row: DownloadRow, admin: boolean): DownloadView {
  return {
    id: row.id,
    url: row.url,
    preset: row.preset,
    status: row.status,
    phase: row.phase,
    title: row.title,
    channel: row.channel,
    group: row.group_id && row.group_index ? { id: row.group_id, title: row.group_title, index: row.group_index, size: row.group_size ?? row.group_index } : null,
    percent: row.percent === null ? null : Math.round(row.percent * 10) / 10,
    bytesDone: n(row.bytes_done),
    bytesTotal: n(row.bytes_total),
    speed: row.speed === null ? null : Math.round(row.speed),
    eta: row.eta,
    file: row.file_path,
    error: row.error,
    ...(admin ? { errorDetail: row.error_detail } : {}),
    plex: row.plex,
    createdAt: new Date(row.created_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
  };
}

const nullable = (type: string) => ({ type: [type, 'null'] });

export const downloadSchema: JSONSchema = {
  type: 'object',
  required: ['id', 'url', 'status', 'title'],
  properties: {
    id: { type: 'integer' },
    url: { type: 'string' },
    preset: { type: 'string' },
    status: { type: 'string' },
    phase: nullable('string'),
    title: nullable('string'),
    channel: nullable('string'),
    group: { type: ['object', 'null'] },
    percent: nullable('number'),
    bytesDone: nullable('number'),
    bytesTotal: nullable('number'),
    speed: nullable('number'),
    eta: nullable('number'),
    file: nullable('string'),
    error: nullable('string'),
    errorDetail: nullable('string'),
    plex: nullable('string'),
    createdAt: { type: 'string' },
    finishedAt: nullable('string'),
  },
};
