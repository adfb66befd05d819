import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { AccountLinkRow } from '../db/core-schema.js';

export type LinkKind = 'invite' | 'reset';

/** A link as the admin page shows it (never its token). */
export interface LinkView {
  id: string;
  kind: LinkKind;
  userId: string | null;
  role: 'admin' | 'user' | null;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

const hash = (token: string) => createHash('sha256').update(token).digest('base64url');
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** One-time links for invites and password resets: the token is shown once, only its hash is kept. */
export class AccountLinks {
  constructor(private readonly orm: MikroORM) {}

  /** A new link; the answer's `token` goes into the URL and is never stored. */
  async create(input: { kind: LinkKind; userId?: string; role?: 'admin' | 'user'; createdBy?: string; validForMs: number }): Promise<LinkView & { token: string }> {
    const token = randomBytes(32).toString('base64url');
    const em = this.orm.em.fork();
    if (input.kind === 'reset' && input.userId) {
      // A new reset link replaces any unused one for the same account.
      await em.nativeDelete(AccountLinkRow, { kind: 'reset', userId: input.userId, usedAt: null });
    }
    const row = em.create(AccountLinkRow, {
      id: randomUUID(),
      tokenHash: hash(token),
      kind: input.kind,
      userId: input.userId ?? null,
      role: input.role ?? null,
      createdBy: input.createdBy ?? null,
      expiresAt: new Date(Date.now() + input.validForMs),
    } as any);
    await em.flush();
    return { ...view(row), token };
  }

  /** The unused, unexpired link of this kind for a token, or null. */
  async find(kind: LinkKind, token: string): Promise<LinkView | null> {
    if (!TOKEN.test(token)) return null;
    const row = await this.orm.em.fork().findOne(AccountLinkRow, { tokenHash: hash(token), kind, usedAt: null, expiresAt: { $gt: new Date() } });
    return row ? view(row) : null;
  }

  /** The unused, unexpired link of this kind with this id, or null. */
  async open(id: string, kind: LinkKind): Promise<LinkView | null> {
    const row = await this.orm.em.fork().findOne(AccountLinkRow, { id, kind, usedAt: null, expiresAt: { $gt: new Date() } });
    return row ? view(row) : null;
  }

  /** Marks the link used, once: false when another request used it first (or it expired meanwhile). */
  async use(id: string, userId?: string): Promise<boolean> {
    const changed = await this.orm.em.fork().nativeUpdate(
      AccountLinkRow,
      { id, usedAt: null, expiresAt: { $gt: new Date() } },
      { usedAt: new Date(), ...(userId ? { userId } : {}) },
    );
    return changed === 1;
  }

  /** Invites not used yet and not expired, newest first. */
  async openInvites(): Promise<LinkView[]> {
    const rows = await this.orm.em.fork().find(AccountLinkRow, { kind: 'invite', usedAt: null, expiresAt: { $gt: new Date() } }, { orderBy: { createdAt: 'desc' } });
    return rows.map(view);
  }

  /** Withdraws an unused link; false when there is none. */
  async revoke(id: string, kind: LinkKind): Promise<boolean> {
    return (await this.orm.em.fork().nativeDelete(AccountLinkRow, { id, kind, usedAt: null })) === 1;
  }
}

function view(row: { id: string; kind: string; userId?: string | null; role?: string | null; createdBy?: string | null; createdAt: Date; expiresAt: Date; usedAt?: Date | null }): LinkView {
  return {
    id: row.id,
    kind: row.kind as LinkKind,
    userId: row.userId ?? null,
    role: (row.role ?? null) as LinkView["role"],
    createdBy: row.createdBy ?? null,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    usedAt: row.usedAt?.toISOString() ?? null,
  };
}
