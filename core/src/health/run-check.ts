import { toMs } from '@medianest/sdk';
import type { CheckDecl } from '../plugins/registrations.js';

export interface CheckResult {
  name: string;
  status: 'up' | 'down' | 'degraded';
  latencyMs: number;
  /** For admins: what was seen. */
  detail: string | null;
  /** For household members: plain words when not up, else null. */
  message: string | null;
  /** What the check reaches, in household words ("Uptime Kuma"), or null. */
  reaches: string | null;
  critical: boolean;
}

/** Runs one check, bounded by its timeout: a hanging check is reported down at the timeout, never later. */
export async function runCheck(check: CheckDecl): Promise<CheckResult> {
  const timeoutMs = toMs(check.options.timeout ?? 3000);
  const critical = check.options.critical ?? false;
  const reaches = check.options.reaches ?? null;
  const downMessage = check.options.downMessage ?? (reaches ? `${reaches} isn't available right now` : "This service isn't available right now");
  const abort = new AbortController();
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort(new Error('timeout'));
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    const result = await Promise.race([Promise.resolve().then(() => check.run(abort.signal)), timeout]);
    const latencyMs = Math.round(performance.now() - started);
    const degraded = Boolean(result?.degraded);
    const message = degraded ? (result?.message ?? (reaches ? `${reaches} may not be fully working right now` : 'This service may not be fully working right now')) : null;
    return { name: check.name, status: degraded ? 'degraded' : 'up', latencyMs, detail: result?.detail ?? null, message, reaches, critical };
  } catch (err) {
    const latencyMs = Math.round(performance.now() - started);
    return { name: check.name, status: 'down', latencyMs, detail: (err as Error)?.message ?? String(err), message: downMessage, reaches, critical };
  } finally {
    clearTimeout(timer);
  }
}
