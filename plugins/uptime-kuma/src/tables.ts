// The plugin's tables (names start with `uptime_kuma_`) and their migrations.
import { defineEntity, p, Migration } from '@medianest/sdk/orm';

/** A monitor's change of state, kept as a short history. */
export const StoredChange = defineEntity({
  name: 'UptimeKumaChange',
  tableName: 'uptime_kuma_changes',
  properties: {
    id: p.bigint().primary().autoincrement(),
    monitorId: p.integer(),
    monitorName: p.string(),
    fromStatus: p.string(),
    toStatus: p.string(),
    changedAt: p.datetime(),
  },
});

class CreateChanges extends Migration {
  async up(): Promise<void> {
    this.addSql(`create table "uptime_kuma_changes" (
      "id" bigserial primary key,
      "monitor_id" integer not null,
      "monitor_name" varchar(255) not null,
      "from_status" varchar(16) not null,
      "to_status" varchar(16) not null,
      "changed_at" timestamptz not null)`);
    this.addSql('create index "uptime_kuma_changes_changed_at_index" on "uptime_kuma_changes" ("changed_at" desc)');
  }
  async down(): Promise<void> {
    this.addSql('drop table if exists "uptime_kuma_changes"');
  }
}

/** The last state read of each monitor: what the next poll compares against, kept in the database so
 *  that neither a Redis restart nor a changed list of pages loses a change. */
export const KnownState = defineEntity({
  name: 'UptimeKumaKnownState',
  tableName: 'uptime_kuma_known_states',
  properties: {
    monitorId: p.integer().primary(),
    name: p.string(),
    status: p.string(),
  },
});

class CreateKnownStates extends Migration {
  async up(): Promise<void> {
    this.addSql(`create table "uptime_kuma_known_states" (
      "monitor_id" integer primary key,
      "name" varchar(255) not null,
      "status" varchar(16) not null)`);
  }
  async down(): Promise<void> {
    this.addSql('drop table if exists "uptime_kuma_known_states"');
  }
}

export const migrations = [
  { name: '0001_create_changes', class: CreateChanges },
  { name: '0002_create_known_states', class: CreateKnownStates },
];
