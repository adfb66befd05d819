import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { User } from '@medianest/sdk';
import { AuditEntry } from '../db/core-schema.js';

/** What the audit log records. */
export type AuditAction =
  | 'setup' | 'signin' | 'signin-failed' | 'signout'
  | 'plugin-enable' | 'plugin-disable'
  | 'user-create' | 'user-update' | 'user-delete' | 'session-revoke'
  | 'token-create' | 'token-revoke'
  | 'permission-update' | 'plugin-settings'
  | 'signup' | 'provider-update' | 'identity-link'
  | 'board-default' | 'board-reset';

export interface AuditRecord {
  action: AuditAction;
  actor?: User | null;
  /** For a failed sign-in: the username tried. */
  actorName?: string;
  target?: string;
  ip?: string;
  detail?: Record<string, unknown>;
}

/** The audit log in core_audit: written for sign-ins and admin actions, read by admins. */
export class AuditLog {
  constructor(private readonly orm: MikroORM, private readonly log: Logger) {}

  /** Records an entry; a failure to write is logged, never thrown at the caller. */
  async write(record: AuditRecord): Promise<void> {
    try {
      const em = this.orm.em.fork();
      em.create(AuditEntry, {
        action: record.action,
        actorId: record.actor?.id ?? null,
        actorName: record.actor?.name ?? record.actorName ?? null,
        target: record.target ?? null,
        ip: record.ip ?? null,
        detail: record.detail ?? null,
      } as any);
      await em.flush();
    } catch (err) {
      this.log.error({ err, audit: record.action }, 'could not write the audit log');
    }
  }

  /** Newest first, filtered by action and/or actor name. */
  async list(filter: { action?: string; actor?: string; limit: number; before?: string }) {
    const where: Record<string, unknown> = {};
    if (filter.action) where.action = filter.action;
    if (filter.actor) where.actorName = { $ilike: `%${filter.actor.replace(/[%_]/g, '\\$&')}%` };
    if (filter.before) where.id = { $lt: filter.before };
    const rows = await this.orm.em.fork().find(AuditEntry, where, { orderBy: { id: 'desc' }, limit: filter.limit });
    return rows.map((r) => ({
      id: String(r.id),
      at: r.at.toISOString(),
      action: r.action,
      actor: r.actorName,
      actorId: r.actorId,
      target: r.target,
      ip: r.ip,
      detail: r.detail ?? null,
    }));
  }
}
