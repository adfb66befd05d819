import type { FaultKind } from './plugin-scope.js';

/** "uncaught exception in GET /api/plugins/x/y: boom" — the admin's detail of a crash. */
export function crashReason(err: unknown, kind: FaultKind, where: string): string {
  const message = (err as Error)?.message ?? String(err);
  return `${kind} in ${where}: ${message}`;
}

/** How often a plugin's crashes are logged: each one while it runs; after it was stopped (its
 *  own timers may still fire), at most one line a minute so a looping timer cannot flood the log. */
export class Crashes {
  private readonly quietUntil = new Map<string, number>();

  shouldLog(pluginId: string, live: boolean): boolean {
    if (live) return true;
    const now = Date.now();
    if ((this.quietUntil.get(pluginId) ?? 0) > now) return false;
    this.quietUntil.set(pluginId, now + 60_000);
    return true;
  }
}
