// The plugin's tables (names start with `overseerr_`) and their migrations.
import { defineEntity, p, Migration } from '@medianest/sdk/orm';

/** A MediaNest person who has used Requests, and the Overseerr user they act as (null: not linked). */
export const Person = defineEntity({
  name: 'OverseerrPerson',
  tableName: 'overseerr_people',
  properties: {
    userId: p.string().primary(),
    name: p.string(),
    overseerrUserId: p.integer().nullable(),
    /** How the link was made: `plex` (same Plex account), `email`, or `admin` (picked on the mapping page). */
    linkedBy: p.string().nullable(),
    seenAt: p.datetime(),
  },
});

/** The last known state of an Overseerr request: what "My requests" shows and what polls compare against. */
export const KnownRequest = defineEntity({
  name: 'OverseerrKnownRequest',
  tableName: 'overseerr_requests',
  properties: {
    id: p.integer().primary(),
    requesterId: p.integer().nullable(),
    requesterName: p.string().nullable(),
    mediaType: p.string(),
    tmdbId: p.integer().nullable(),
    title: p.string().nullable(),
    year: p.integer().nullable(),
    posterPath: p.string().nullable(),
    is4k: p.boolean(),
    seasons: p.json<number[]>().nullable(),
    status: p.integer(),
    mediaStatus: p.integer().nullable(),
    state: p.string(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});

/** Webhook bodies already handled (by a hash of the body), so a repeated delivery changes nothing twice. */
export const WebhookDelivery = defineEntity({
  name: 'OverseerrWebhookDelivery',
  tableName: 'overseerr_webhook_deliveries',
  properties: {
    hash: p.string().primary(),
    event: p.string(),
    receivedAt: p.datetime(),
  },
});

class CreateTables extends Migration {
  async up(): Promise<void> {
    this.addSql(`create table "overseerr_people" (
      "user_id" varchar(255) primary key,
      "name" varchar(255) not null,
      "overseerr_user_id" integer null,
      "linked_by" varchar(16) null,
      "seen_at" timestamptz not null)`);
    this.addSql('create index "overseerr_people_overseerr_user_id_index" on "overseerr_people" ("overseerr_user_id")');
    this.addSql(`create table "overseerr_requests" (
      "id" integer primary key,
      "requester_id" integer null,
      "requester_name" varchar(255) null,
      "media_type" varchar(8) not null,
      "tmdb_id" integer null,
      "title" varchar(500) null,
      "year" integer null,
      "poster_path" varchar(255) null,
      "is4k" boolean not null default false,
      "seasons" jsonb null,
      "status" integer not null,
      "media_status" integer null,
      "state" varchar(16) not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null)`);
    this.addSql('create index "overseerr_requests_requester_index" on "overseerr_requests" ("requester_id", "created_at" desc)');
    this.addSql(`create table "overseerr_webhook_deliveries" (
      "hash" varchar(64) primary key,
      "event" varchar(64) not null,
      "received_at" timestamptz not null)`);
  }
  async down(): Promise<void> {
    this.addSql('drop table if exists "overseerr_webhook_deliveries"');
    this.addSql('drop table if exists "overseerr_requests"');
    this.addSql('drop table if exists "overseerr_people"');
  }
}

export const migrations = [{ name: '0001_create_tables', class: CreateTables }];
