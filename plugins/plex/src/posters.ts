// Posters through the plugin: URLs signed with an HMAC (so the proxy fetches only what the plugin
// itself linked), resized by Plex, kept in a byte-bounded memory cache, sent with long-cache headers.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Sizes the portal asks for; anything else is refused (a cache of every size would not be bounded). */
export const POSTER_SIZES = { small: [160, 240], medium: [240, 360], large: [400, 600] } as const;
export type PosterSize = keyof typeof POSTER_SIZES;

/** Signs and checks poster URLs with `key`. */
export class PosterSigner {
  constructor(private readonly key: Buffer) {}

  private mac(path: string, size: string): string {
    return createHmac('sha256', this.key).update(`${path}\n${size}`).digest('base64url').slice(0, 32);
  }

  /** The portal URL of `path` (a Plex thumb path such as /library/metadata/1/thumb/1700000000) at `size`. */
  url(path: string | undefined, size: PosterSize = 'small'): string | null {
    if (!path || !path.startsWith('/')) return null;
    return `/api/plugins/plex/poster?${new URLSearchParams({ p: path, size, s: this.mac(path, size) })}`;
  }

  verify(path: string, size: string, signature: string): boolean {
    const want = Buffer.from(this.mac(path, size));
    const got = Buffer.from(signature);
    return want.length === got.length && timingSafeEqual(want, got);
  }
}

interface Entry {
  bytes: Buffer;
  type: string;
}

/** A least-recently-used cache bounded by total bytes. */
export class ByteLru {
  private readonly entries = new Map<string, Entry>();
  private total = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): Entry | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, entry: Entry): void {
    if (entry.bytes.length > this.maxBytes) return;
    const old = this.entries.get(key);
    if (old) this.total -= old.bytes.length;
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.total += entry.bytes.length;
    for (const [k, e] of this.entries) {
      if (this.total <= this.maxBytes) break;
      this.entries.delete(k);
      this.total -= e.bytes.length;
    }
  }

  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Runs `load` once per key at a time: concurrent asks for the same poster share one upstream request. */
export function singleFlight<T>() {
  const inFlight = new Map<string, Promise<T>>();
  return (key: string, load: () => Promise<T>): Promise<T> => {
    let p = inFlight.get(key);
    if (!p) {
      p = load().finally(() => inFlight.delete(key));
      inFlight.set(key, p);
    }
    return p;
  };
}
