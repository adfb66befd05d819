import type { MikroORM } from '@mikro-orm/postgresql';
import type { User } from '@medianest/sdk';
import { PermissionGrant } from '../db/core-schema.js';

/** Grants of plugin permissions to the `user` role or to single users; admins have every permission. */
export class Permissions {
  constructor(private readonly orm: MikroORM) {}

  async allows(user: User, permission: string): Promise<boolean> {
    if (user.role === 'admin') return true;
    const n = await this.orm.em.fork().count(PermissionGrant, {
      permission,
      $or: [{ subjectType: 'role', subjectId: user.role }, { subjectType: 'user', subjectId: user.id }],
    });
    return n > 0;
  }

  async grants(): Promise<Map<string, { roles: string[]; users: string[] }>> {
    const rows = await this.orm.em.fork().find(PermissionGrant, {});
    const out = new Map<string, { roles: string[]; users: string[] }>();
    for (const r of rows) {
      const g = out.get(r.permission) ?? { roles: [], users: [] };
      (r.subjectType === 'role' ? g.roles : g.users).push(r.subjectId);
      out.set(r.permission, g);
    }
    return out;
  }

  /** Replaces who holds a permission. */
  async set(permission: string, roles: string[], users: string[]): Promise<void> {
    await this.orm.em.fork().transactional(async (em) => {
      await em.nativeDelete(PermissionGrant, { permission });
      for (const role of new Set(roles)) em.create(PermissionGrant, { permission, subjectType: 'role', subjectId: role });
      for (const user of new Set(users)) em.create(PermissionGrant, { permission, subjectType: 'user', subjectId: user });
    });
  }
}
