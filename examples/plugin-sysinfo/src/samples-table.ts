import { defineEntity, p, Migration } from '@medianest/sdk/orm';

/** A stored reading, for the history route. Tables of a plugin start with its id. */
export const StoredSample = defineEntity({
  name: 'SysinfoSample',
  tableName: 'sysinfo_samples',
  properties: {
    id: p.bigint().primary().autoincrement(),
    sampledAt: p.datetime(),
    load1: p.double(),
    memoryUsedPercent: p.double(),
  },
});

class CreateSamples extends Migration {
  async up(): Promise<void> {
    this.addSql(`create table "sysinfo_samples" (
      "id" bigserial primary key,
      "sampled_at" timestamptz not null,
      "load1" double precision not null,
      "memory_used_percent" double precision not null)`);
    this.addSql('create index "sysinfo_samples_sampled_at_index" on "sysinfo_samples" ("sampled_at" desc)');
  }
  async down(): Promise<void> {
    this.addSql('drop table if exists "sysinfo_samples"');
  }
}

export const migrations = [{ name: '0001_create_samples', class: CreateSamples }];
