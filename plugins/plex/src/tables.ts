// The plugin's tables (names start with `plex_`) and their migrations.
import { defineEntity, p, Migration } from '@medianest/sdk/orm';

/** Small named values the plugin keeps: its client identifier, the connected server, sealed tokens. */
export const PlexSetting = defineEntity({
  name: 'PlexSetting',
  tableName: 'plex_settings',
  properties: {
    key: p.string().primary(),
    value: p.text(),
    updatedAt: p.datetime(),
  },
});

/** The Plex account a MediaNest user signed in with or linked; the token is sealed with the portal's key. */
export const PlexAccountRow = defineEntity({
  name: 'PlexAccountRow',
  tableName: 'plex_accounts',
  properties: {
    userId: p.string().primary(),
    plexId: p.integer(),
    username: p.string(),
    email: p.string().nullable(),
    thumb: p.text().nullable(),
    tokenSealed: p.text().nullable(),
    serverTokenSealed: p.text().nullable(),
    checkedAt: p.datetime(),
  },
});

class CreateTables extends Migration {
  async up(): Promise<void> {
    this.addSql(`create table "plex_settings" (
      "key" varchar(64) primary key,
      "value" text not null,
      "updated_at" timestamptz not null)`);
    this.addSql(`create table "plex_accounts" (
      "user_id" varchar(64) primary key,
      "plex_id" integer not null,
      "username" varchar(255) not null,
      "email" varchar(255) null,
      "thumb" text null,
      "token_sealed" text null,
      "server_token_sealed" text null,
      "checked_at" timestamptz not null)`);
    this.addSql('create unique index "plex_accounts_plex_id_unique" on "plex_accounts" ("plex_id")');
  }
  async down(): Promise<void> {
    this.addSql('drop table if exists "plex_accounts"');
    this.addSql('drop table if exists "plex_settings"');
  }
}

export const migrations = [{ name: '0001_create_plex_tables', class: CreateTables }];
