import { defineEntity, p } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';

/** A plugin's state change (started, failed and why, stopped), kept for the admin page. */
export const PluginEvent = defineEntity({
  name: 'PluginEvent',
  tableName: 'core_plugin_events',
  properties: {
    id: p.bigint().primary().autoincrement(),
    pluginId: p.string(),
    state: p.string(),
    reason: p.text().nullable(),
    at: p.datetime().onCreate(() => new Date()),
  },
});

class CreatePluginEvents extends Migration {
  async up(): Promise<void> {
    this.addSql(`create table "core_plugin_events" (
      "id" bigserial primary key,
      "plugin_id" varchar(255) not null,
      "state" varchar(255) not null,
      "reason" text null,
      "at" timestamptz not null default now())`);
    this.addSql(`create index "core_plugin_events_plugin_id_at_index" on "core_plugin_events" ("plugin_id", "at" desc)`);
  }
  async down(): Promise<void> {
    this.addSql('drop table if exists "core_plugin_events"');
  }
}

/** A MediaNest account: local (with a password hash) or from a sign-in provider. */
export const UserRow = defineEntity({
  name: 'UserRow',
  tableName: 'core_users',
  properties: {
    id: p.string().primary(),
    username: p.string().unique(),
    displayName: p.string(),
    role: p.string(),
    passwordHash: p.text().nullable(),
    disabled: p.boolean().default(false),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

class CreateUsers extends Migration {
  async up(): Promise<void> {
    this.addSql(`create table "core_users" (
      "id" varchar(255) primary key,
      "username" varchar(255) not null unique,
      "display_name" varchar(255) not null,
      "role" varchar(16) not null check ("role" in ('admin', 'user')),
      "password_hash" text null,
      "disabled" boolean not null default false,
      "created_at" timestamptz not null default now())`);
  }
  async down(): Promise<void> {
    this.addSql('drop table if exists "core_users"');
  }
}

/** Who did what: sign-ins, failed sign-ins, setup, admin actions. */
export const AuditEntry = defineEntity({
  name: 'AuditEntry',
  tableName: 'core_audit',
  properties: {
    id: p.bigint().primary().autoincrement(),
    at: p.datetime().onCreate(() => new Date()),
    actorId: p.string().nullable(),
    actorName: p.string().nullable(),
    action: p.string(),
    target: p.string().nullable(),
    ip: p.string().nullable(),
    detail: p.json().nullable(),
  },
});

class CreateAudit extends Migration {
  async up(): Promise<void> {
    this.addSql(`create table "core_audit" (
      "id" bigserial primary key,
      "at" timestamptz not null default now(),
      "actor_id" varchar(255) null,
      "actor_name" varchar(255) null,
      "action" varchar(64) not null,
      "target" varchar(255) null,
      "ip" varchar(64) null,
      "detail" jsonb null)`);
    this.addSql(`create index "core_audit_at_index" on "core_audit" ("at" desc)`);
    this.addSql(`create index "core_audit_action_at_index" on "core_audit" ("action", "at" desc)`);
  }
  async down(): Promise<void> {
    this.addSql('drop table if exists "core_audit"');
  }
}

/** A personal API token: only its SHA-256 is stored; the token is shown once. */
export const ApiTokenRow = defineEntity({
  name: 'ApiTokenRow',
  tableName: 'core_api_tokens',
  properties: {
    id: p.string().primary(),
    userId: p.string(),
    name: p.string(),
    tokenHash: p.string().unique(),
    createdAt: p.datetime().onCreate(() => new Date()),
    lastUsedAt: p.datetime().nullable(),
  },
});

class CreateApiTokens extends Migration {
  async up(): Promise<void> {
    this.addSql(`create table "core_api_tokens" (
      "id" varchar(255) primary key,
      "user_id" varchar(255) not null references "core_users" ("id") on delete cascade,
      "name" varchar(255) not null,
      "token_hash" varchar(255) not null unique,
      "created_at" timestamptz not null default now(),
      "last_used_at" timestamptz null)`);
    this.addSql(`create index "core_api_tokens_user_id_index" on "core_api_tokens" ("user_id")`);
  }
  async down(): Promise<void> {
    this.addSql('drop table if exists "core_api_tokens"');
  }
}

/** A permission granted to a role or to one user. */
export const PermissionGrant = defineEntity({
  name: 'PermissionGrant',
  tableName: 'core_permission_grants',
  properties: {
    permission: p.string().primary(),
    subjectType: p.string().primary(),
    subjectId: p.string().primary(),
  },
});

class CreatePermissionGrants extends Migration {
  async up(): Promise<void> {
    this.addSql(`create table "core_permission_grants" (
      "permission" varchar(255) not null,
      "subject_type" varchar(8) not null check ("subject_type" in ('role', 'user')),
      "subject_id" varchar(255) not null,
      primary key ("permission", "subject_type", "subject_id"))`);
  }
  async down(): Promise<void> {
    this.addSql('drop table if exists "core_permission_grants"');
  }
}

/** Which account a provider's identity signs in as. */
export const IdentityRow = defineEntity({
  name: 'IdentityRow',
  tableName: 'core_identities',
  properties: {
    provider: p.string().primary(),
    externalId: p.string().primary(),
    userId: p.string(),
  },
});

/** An admin's choices for a sign-in provider. */
export const ProviderSetting = defineEntity({
  name: 'ProviderSetting',
  tableName: 'core_auth_providers',
  properties: {
    id: p.string().primary(),
    open: p.boolean(),
    newUsers: p.string(),
  },
});

class CreateIdentities extends Migration {
  async up(): Promise<void> {
    this.addSql(`create table "core_identities" (
      "provider" varchar(255) not null,
      "external_id" varchar(255) not null,
      "user_id" varchar(255) not null references "core_users" ("id") on delete cascade,
      primary key ("provider", "external_id"))`);
    this.addSql(`create table "core_auth_providers" (
      "id" varchar(255) primary key,
      "open" boolean not null,
      "new_users" varchar(16) not null check ("new_users" in ('create', 'approve')))`);
  }
  async down(): Promise<void> {
    this.addSql('drop table if exists "core_identities"');
    this.addSql('drop table if exists "core_auth_providers"');
  }
}

/** A person's dashboard layout (owner = user id), or the default new people get (owner = '@default'). */
export const BoardRow = defineEntity({
  name: 'BoardRow',
  tableName: 'core_boards',
  properties: {
    owner: p.string().primary(),
    items: p.json<unknown[]>(),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

class CreateBoards extends Migration {
  async up(): Promise<void> {
    this.addSql(`create table "core_boards" (
      "owner" varchar(255) primary key,
      "items" jsonb not null,
      "updated_at" timestamptz not null default now())`);
  }
  async down(): Promise<void> {
    this.addSql('drop table if exists "core_boards"');
  }
}

export const coreEntities = [PluginEvent, UserRow, AuditEntry, ApiTokenRow, PermissionGrant, IdentityRow, ProviderSetting, BoardRow];

export const coreMigrations: Array<{ name: string; class: new (...args: any[]) => Migration }> = [
  { name: 'core_0001_plugin_events', class: CreatePluginEvents },
  { name: 'core_0002_users', class: CreateUsers },
  { name: 'core_0003_audit', class: CreateAudit },
  { name: 'core_0004_api_tokens', class: CreateApiTokens },
  { name: 'core_0005_permission_grants', class: CreatePermissionGrants },
  { name: 'core_0006_identities', class: CreateIdentities },
  { name: 'core_0007_boards', class: CreateBoards },
];
