// The plugin's tables (names start with `youtube_`) and their migrations. PostgreSQL, not Redis,
// is the queue's source of truth: bee-queue only ever holds the few downloads handed to workers,
// so a Redis restart loses nothing and the turns between people are decided here.
import { Migration } from '@medianest/sdk/orm';

class CreateDownloads extends Migration {
  async up(): Promise<void> {
    this.addSql(`create table "youtube_people" (
      "user_id" varchar(255) primary key,
      "folder" varchar(255) not null unique,
      "last_turn_at" timestamptz null)`);
    this.addSql(`create table "youtube_downloads" (
      "id" serial primary key,
      "user_id" varchar(255) not null,
      "url" text not null,
      "preset" varchar(16) not null,
      "options" jsonb not null default '{}',
      "force" boolean not null default false,
      "playlist" boolean not null default false,
      "playlist_limit" integer null,
      "group_id" integer null references "youtube_downloads" ("id") on delete set null,
      "group_title" text null,
      "group_index" integer null,
      "group_size" integer null,
      "status" varchar(16) not null,
      "phase" varchar(16) null,
      "extractor" varchar(64) null,
      "video_id" varchar(255) null,
      "title" text null,
      "channel" text null,
      "upload_date" varchar(8) null,
      "folder" text null,
      "file_path" text null,
      "bytes_done" bigint null,
      "bytes_total" bigint null,
      "percent" real null,
      "speed" real null,
      "eta" integer null,
      "error" text null,
      "error_detail" text null,
      "plex" text null,
      "runs" integer not null default 0,
      "runner" varchar(255) null,
      "created_at" timestamptz not null default now(),
      "dispatched_at" timestamptz null,
      "started_at" timestamptz null,
      "heartbeat_at" timestamptz null,
      "finished_at" timestamptz null)`);
    this.addSql(`create index "youtube_downloads_waiting_index" on "youtube_downloads" ("user_id", "id") where "status" = 'queued'`);
    this.addSql(`create index "youtube_downloads_busy_index" on "youtube_downloads" ("status") where "status" in ('dispatched', 'running')`);
    this.addSql(`create index "youtube_downloads_user_index" on "youtube_downloads" ("user_id", "created_at" desc)`);
    this.addSql(`create index "youtube_downloads_video_index" on "youtube_downloads" ("user_id", "extractor", "video_id") where "status" = 'done'`);
  }
  async down(): Promise<void> {
    this.addSql('drop table if exists "youtube_downloads"');
    this.addSql('drop table if exists "youtube_people"');
  }
}

export const migrations = [{ name: '0001_create_downloads', class: CreateDownloads }];

/** States of a download. `expanded`: a playlist link whose items became downloads of their own. */
export type DownloadStatus = 'queued' | 'dispatched' | 'running' | 'done' | 'failed' | 'canceled' | 'skipped' | 'expanded';

/** A download row as read from PostgreSQL (snake_case columns). */
export interface DownloadRow {
  id: number;
  user_id: string;
  url: string;
  preset: string;
  options: Record<string, unknown>;
  force: boolean;
  playlist: boolean;
  playlist_limit: number | null;
  group_id: number | null;
  group_title: string | null;
  group_index: number | null;
  group_size: number | null;
  status: DownloadStatus;
  phase: string | null;
  extractor: string | null;
  video_id: string | null;
  title: string | null;
  channel: string | null;
  upload_date: string | null;
  folder: string | null;
  file_path: string | null;
  bytes_done: string | number | null;
  bytes_total: string | number | null;
  percent: number | null;
  speed: number | null;
  eta: number | null;
  error: string | null;
  error_detail: string | null;
  plex: string | null;
  runs: number;
  runner: string | null;
  created_at: Date;
  dispatched_at: Date | null;
  started_at: Date | null;
  heartbeat_at: Date | null;
  finished_at: Date | null;
}
