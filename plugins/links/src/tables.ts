// The plugin's tables (names start with `links_`) and their migrations.
import { defineEntity, p, Migration } from '@medianest/sdk/orm';

/** One app tile on the dashboard. */
export const TileRow = defineEntity({
  name: 'LinksTile',
  tableName: 'links_tiles',
  properties: {
    id: p.string().primary(),
    name: p.string(),
    url: p.text(),
    groupName: p.string(),
    description: p.text(),
    /** `brand` (a simple-icons slug), `image` (an uploaded image id) or `letter`. */
    iconKind: p.string(),
    iconValue: p.string(),
    /** `all`, `admins` or `people` (the user ids in `people`). */
    audience: p.string(),
    people: p.json<string[]>(),
    newTab: p.boolean(),
    /** `none`, `http`, `tcp` or `kuma` (a monitor of the Uptime Kuma plugin, by name). */
    checkKind: p.string(),
    checkTarget: p.text(),
    position: p.integer(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

/** An uploaded tile image, checked by its first bytes. */
export const ImageRow = defineEntity({
  name: 'LinksImage',
  tableName: 'links_images',
  properties: {
    id: p.string().primary(),
    mime: p.string(),
    data: p.blob(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

class CreateTiles extends Migration {
  async up(): Promise<void> {
    this.addSql(`create table "links_tiles" (
      "id" varchar(64) primary key,
      "name" varchar(255) not null,
      "url" text not null,
      "group_name" varchar(255) not null default '',
      "description" text not null default '',
      "icon_kind" varchar(16) not null check ("icon_kind" in ('brand', 'image', 'letter')),
      "icon_value" varchar(255) not null default '',
      "audience" varchar(16) not null check ("audience" in ('all', 'admins', 'people')),
      "people" jsonb not null default '[]',
      "new_tab" boolean not null default true,
      "check_kind" varchar(16) not null check ("check_kind" in ('none', 'http', 'tcp', 'kuma')),
      "check_target" text not null default '',
      "position" integer not null default 0,
      "created_at" timestamptz not null default now())`);
    this.addSql(`create table "links_images" (
      "id" varchar(64) primary key,
      "mime" varchar(64) not null,
      "data" bytea not null,
      "created_at" timestamptz not null default now())`);
  }
  async down(): Promise<void> {
    this.addSql('drop table if exists "links_tiles"');
    this.addSql('drop table if exists "links_images"');
  }
}

export const migrations = [{ name: '0001_create_tiles', class: CreateTiles }];
