import type { Redis } from 'ioredis';
import type { SessionRead } from './sessions.js';

/** On the ended channel, a hash after this mark changed but goes on: processes forget what they read of it, nothing closes. */
export const SESSION_CHANGED_MARK = '~';

interface Entry {
  user: SessionRead['user'];
  mustChangePassword?: boolean;
  /** A background read moved the expiry: the next answer renews the cookie. */
  slid: boolean;
  /** When the read that produced it was sent (performance.now()). */
  sentAt: number;
  /** Queued for, or waiting on, a renewal in the background. */
  renewing?: boolean;
}

/** Asks whether many sessions are still there, sliding them; answers in order: 0 gone, 1 there, 2 there and slid. */
export type TouchSessions = (hashes: string[]) => Promise<number[]>;

/** How long a renewal waits for others to go with it (well inside the half of the age it has left). */
export const RENEW_BATCH_MS = 50;

/**
 * What one process read of sessions, kept for at most `maxAgeMs` and dropped as soon as another
 * process says a session ended (see the design note in sessions.ts). Only live sessions are kept;
 * an unknown id is asked of Redis every time. Concurrent reads of one session share one round trip.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<SessionRead | null>>();
  /** Bumped on every "ended" message: a read sent before one must not be remembered. */
  private generation = 0;
  /** True only while the subscription is known to be listening. */
  private listening = false;
  private readonly sweeper: NodeJS.Timeout;
  /** Hashes waiting for the next renewal, and its timer. */
  private due: string[] = [];
  private renewal?: NodeJS.Timeout;
  /** Told the hash of every session that ended anywhere. */
  readonly onEnded = new Set<(hash: string) => void>();

  constructor(
    private readonly sub: Redis,
    private readonly channel: string,
    private readonly maxAgeMs: number,
    private readonly touchMany: TouchSessions,
  ) {
    sub.on('message', (ch: string, hash: string) => {
      if (ch !== channel) return;
      // A session that changed but goes on (see SessionStore.passwordChosen): read it afresh, end nothing.
      if (hash.startsWith(SESSION_CHANGED_MARK)) return void this.forget(hash.slice(SESSION_CHANGED_MARK.length));
      this.forget(hash);
      for (const listener of this.onEnded) listener(hash);
    });
    // A dropped connection may have lost messages: forget everything and ask Redis until listening again.
    const deaf = () => {
      this.listening = false;
      this.generation++;
      this.entries.clear();
    };
    sub.on('close', deaf);
    sub.on('error', deaf);
    sub.on('ready', () => this.listen());
    if (sub.status === 'ready') this.listen();
    else if (sub.status === 'wait') sub.connect().catch(() => {}); // a lazy client; errors reconnect by themselves
    this.sweeper = setInterval(() => this.sweep(), 10_000);
    this.sweeper.unref();
  }

  private listen(): void {
    this.sub.subscribe(this.channel).then(
      () => {
        this.generation++;
        this.entries.clear();
        this.listening = true;
      },
      () => {}, // the 'close' handler already made the cache deaf; 'ready' calls this again
    );
  }

  /**
   * The cached read of a session hash, or `fetch()`'s answer (remembered when nothing ended
   * meanwhile). Past half its age an entry is still answered from, while a read in the background
   * renews it (together with the others due): a busy session never waits on Redis, and no answer
   * relies on a read older than the bound.
   */
  get(hash: string, fetch: () => Promise<SessionRead | null>): Promise<SessionRead | null> {
    if (this.listening) {
      const entry = this.entries.get(hash);
      const age = entry ? performance.now() - entry.sentAt : Infinity;
      if (entry && age < this.maxAgeMs) {
        if (age >= this.maxAgeMs / 2 && !entry.renewing) this.renew(hash, entry);
        const slid = entry.slid;
        entry.slid = false; // a slide found in the background renews the cookie on the next answer
        return Promise.resolve(entry.mustChangePassword ? { user: entry.user, slid, mustChangePassword: true } : { user: entry.user, slid });
      }
    }
    const pending = this.inFlight.get(hash);
    if (pending) return pending.then((read) => read && { ...read, slid: false });
    return this.read(hash, fetch);
  }

  private read(hash: string, fetch: () => Promise<SessionRead | null>): Promise<SessionRead | null> {
    const sentAt = performance.now();
    const generation = this.generation;
    const done = () => {
      if (this.inFlight.get(hash) === read) this.inFlight.delete(hash);
    };
    const read: Promise<SessionRead | null> = fetch().then(
      (found) => {
        done();
        if (!found) this.entries.delete(hash);
        else if (this.listening && generation === this.generation) this.entries.set(hash, { user: found.user, mustChangePassword: found.mustChangePassword, slid: false, sentAt });
        return found;
      },
      (err) => {
        done();
        throw err;
      },
    );
    this.inFlight.set(hash, read);
    return read;
  }

  private renew(hash: string, entry: Entry): void {
    entry.renewing = true;
    this.due.push(hash);
    this.renewal ??= setTimeout(() => this.renewDue(), RENEW_BATCH_MS).unref();
  }

  /** One touch for every session due; what ended meanwhile (a message, a dropped subscription) voids it. */
  private renewDue(): void {
    const hashes = this.due;
    this.due = [];
    this.renewal = undefined;
    const sentAt = performance.now();
    const generation = this.generation;
    this.touchMany(hashes).then(
      (found) => {
        const valid = this.listening && generation === this.generation;
        for (let i = 0; i < hashes.length; i++) {
          const hash = hashes[i]!;
          const entry = this.entries.get(hash);
          if (!entry) continue;
          if (found[i] === 0) this.entries.delete(hash);
          else if (valid) {
            entry.sentAt = sentAt; // still there: the read it holds is as true as a new one
            if (found[i] === 2) entry.slid = true; // renews the cookie on the session's next answer
          }
          entry.renewing = false;
        }
      },
      () => {
        for (const hash of hashes) {
          const entry = this.entries.get(hash);
          if (entry) entry.renewing = false;
        }
      },
    );
  }

  /** Forgets a session at once in this process (others hear of it through the channel). */
  forget(hash: string): void {
    this.generation++;
    this.entries.delete(hash);
    this.inFlight.delete(hash);
  }

  private sweep(): void {
    const now = performance.now();
    for (const [hash, entry] of this.entries) if (now - entry.sentAt >= this.maxAgeMs) this.entries.delete(hash);
  }

  close(): void {
    clearInterval(this.sweeper);
    clearTimeout(this.renewal);
    this.listening = false;
    this.entries.clear();
    this.sub.disconnect();
  }
}
