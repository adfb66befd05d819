// The ORM pieces a plugin needs for its own tables, re-exported so plugins depend on the SDK alone.
export { defineEntity, p, EntitySchema } from '@mikro-orm/core';
export type { EntityManager } from '@mikro-orm/core';
export { Migration } from '@mikro-orm/migrations';
