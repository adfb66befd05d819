// Who is who: a MediaNest person acts as one Overseerr user. Found by their Plex account (the Plex
// plugin's plex.identity; Overseerr users carry their plexId), else by email, else an admin picks.
import type { Cache, Logger, PlexIdentity, Store, User } from '@medianest/sdk';
import type { OverseerrClient } from './overseerr-client.js';
import type { OUser } from './overseerr-types.js';
import { Person } from './tables.js';

/** An Overseerr user as the mapping page lists them. */
export interface OverseerrUserView {
  id: number;
  name: string;
  email: string | null;
  plexId: number | null;
}

export const userName = (u: OUser): string => u.displayName || u.username || u.plexUsername || u.email || `User ${u.id}`;

export class Linking {
  constructor(
    private readonly client: OverseerrClient,
    private readonly store: Store,
    private readonly cache: Cache,
    private readonly plex: () => PlexIdentity | undefined,
    private readonly log: Logger,
  ) {}

  /** Every Overseerr user (all pages), cached for a minute. */
  async overseerrUsers(signal?: AbortSignal): Promise<OverseerrUserView[]> {
    return this.cache.wrap('users', '60s', async () => {
      const all: OverseerrUserView[] = [];
      for (let skip = 0; skip < 5000; skip += 100) {
        const page = await this.client.users(100, skip, { signal });
        for (const u of page.results) all.push({ id: u.id, name: userName(u), email: u.email ?? null, plexId: typeof u.plexId === 'number' ? u.plexId : null });
        if (page.results.length < 100) break;
      }
      return all;
    });
  }

  /** The Overseerr user id this person acts as, linking them automatically when their Plex account or email matches; null when not linked. */
  async overseerrIdFor(user: User, signal?: AbortSignal): Promise<number | null> {
    const em = this.store.em();
    let person = await em.findOne(Person, { userId: user.id });
    if (!person) {
      // A first visit opens several requests at once: the first insert wins, the others read it.
      await em.insert(Person, { userId: user.id, name: user.name, overseerrUserId: null, linkedBy: null, seenAt: new Date() }).catch((err: Error) => {
        if (!/duplicate key|unique/i.test(err.message)) throw err;
      });
      person = await em.findOneOrFail(Person, { userId: user.id });
    }
    if (person.overseerrUserId != null || person.linkedBy === 'admin') {
      // Linked, or an admin chose "not linked": no automatic matching then.
      if (person.name !== user.name) {
        person.name = user.name;
        await em.flush();
      }
      return person.overseerrUserId ?? null;
    }
    person.name = user.name;
    person.seenAt = new Date();
    const match = await this.automaticMatch(user, signal).catch((err: Error) => {
      this.log.warn({ err: err.message, user: user.id }, 'could not look for this person in Overseerr; trying again on their next visit');
      return undefined;
    });
    if (match) {
      person.overseerrUserId = match.id;
      person.linkedBy = match.by;
      this.log.info({ user: user.id, overseerrUser: match.id, by: match.by }, 'linked a person to their Overseerr user');
    }
    await em.flush();
    return person.overseerrUserId ?? null;
  }

  /** The MediaNest people who act as this Overseerr user (to tell them of their requests). */
  async peopleOf(overseerrUserId: number): Promise<string[]> {
    const rows = await this.store.em().find(Person, { overseerrUserId });
    return rows.map((r) => r.userId);
  }

  /** An admin's choice (null: not linked, and not matched automatically again). */
  async link(userId: string, overseerrUserId: number | null): Promise<void> {
    const em = this.store.em();
    const person = await em.findOne(Person, { userId });
    if (!person) throw new Error('unknown person');
    person.overseerrUserId = overseerrUserId;
    person.linkedBy = 'admin';
    await em.flush();
  }

  private async automaticMatch(user: User, signal?: AbortSignal): Promise<{ id: number; by: 'plex' | 'email' } | undefined> {
    const plex = this.plex();
    if (!plex) return undefined;
    const identity = await plex.forUser(user.id);
    if (!identity) return undefined;
    const users = await this.overseerrUsers(signal);
    const byPlex = users.find((u) => u.plexId !== null && u.plexId === identity.plexId);
    if (byPlex) return { id: byPlex.id, by: 'plex' };
    const email = identity.email?.trim().toLowerCase();
    const byEmail = email ? users.filter((u) => u.email?.trim().toLowerCase() === email) : [];
    // Two Overseerr users with one address: an admin decides.
    if (byEmail.length === 1) return { id: byEmail[0]!.id, by: 'email' };
    return undefined;
  }
}
