import type { CheckDecl } from '../plugins/registrations.js';
import type { CheckResult } from './run-check.js';

/** How long a status answer waits for fresh results before it answers from the last ones. */
export const FRESH_WAIT_MS = 500;

/** A check's result, `pending` when it is the last finished one (or none yet) because a run is still going. */
export type ShownResult = CheckResult & { pending?: boolean };

interface Slot {
  last?: CheckResult;
  running?: Promise<CheckResult>;
}

/**
 * Runs checks without letting a slow one hold the answer: each call starts a run of every check
 * that is not already running, waits up to FRESH_WAIT_MS, and shows the last finished result
 * (marked pending) of those still going. A run finishing later updates what the next call shows.
 */
export class BackgroundChecks {
  private readonly slots = new WeakMap<CheckDecl, Slot>();

  async result(check: CheckDecl, run: () => Promise<CheckResult>, waitMs = FRESH_WAIT_MS): Promise<ShownResult> {
    let slot = this.slots.get(check);
    if (!slot) this.slots.set(check, (slot = {}));
    const s = slot;
    if (!s.running) {
      s.running = run().then((r) => {
        s.last = r;
        s.running = undefined;
        return r;
      });
    }
    const started = performance.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waited = await Promise.race([s.running, new Promise<undefined>((resolve) => { timer = setTimeout(() => resolve(undefined), waitMs); })]);
    clearTimeout(timer);
    if (waited) return waited;
    if (s.last) return { ...s.last, pending: true };
    return {
      name: check.name,
      status: 'down',
      latencyMs: Math.round(performance.now() - started),
      detail: 'No answer yet: the first check is still running',
      message: check.options.downMessage ?? (check.options.reaches ? `${check.options.reaches} isn't available right now` : "This service isn't available right now"),
      reaches: check.options.reaches ?? null,
      critical: check.options.critical ?? false,
      pending: true,
    };
  }
}
