import { defineEntity, p } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';

/** A one-time link: an invite (makes an account) or a password reset (for one account). Only its SHA-256 is stored. */
export const AccountLinkRow = defineEntity({
  name: 'AccountLinkRow',
  tableName: 'core_account_links',
  properties: {
    id: p.string().primary(),
    tokenHash: p.string().unique(),
    kind: p.string(),
    /** The account a reset is for; the account an invite made, once used. */
    userId: p.string().nullable(),
    /** The role an invite gives. */
    role: p.string().nullable(),
    createdBy: p.string().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
  },
});

class AccountsForHouseholds extends Migration {
  async up(): Promise<void> {
    this.addSql(`alter table "core_users"
      add column "must_change_password" boolean not null default false,
      add column "theme" varchar(8) not null default 'system' check ("theme" in ('system', 'light', 'dark')),
      add column "last_sign_in_at" timestamptz null`);
    this.addSql(`create table "core_account_links" (
      "id" varchar(255) primary key,
      "token_hash" varchar(255) not null unique,
      "kind" varchar(16) not null check ("kind" in ('invite', 'reset')),
      "user_id" varchar(255) null references "core_users" ("id") on delete cascade,
      "role" varchar(16) null check ("role" in ('admin', 'user')),
      "created_by" varchar(255) null,
      "created_at" timestamptz not null default now(),
      "expires_at" timestamptz not null,
      "used_at" timestamptz null)`);
  }
  async down(): Promise<void> {
    this.addSql('drop table if exists "core_account_links"');
    this.addSql('alter table "core_users" drop column "must_change_password", drop column "theme", drop column "last_sign_in_at"');
  }
}

export const accountMigration = { name: 'core_0008_accounts', class: AccountsForHouseholds };
