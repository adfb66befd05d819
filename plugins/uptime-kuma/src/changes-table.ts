import { defineEntity, p, Migration } from '@medianest/sdk/orm';

/** A monitor's change of state, kept as a short history (tables of `uptime-kuma` start with `uptime_kuma_`). */
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

export const migrations = [{ name: '0001_create_changes', class: CreateChanges }];
