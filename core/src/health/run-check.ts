import { toMs } from '@medianest/sdk';
import type { CheckDecl } from '../plugins/registrations.js';

export interface CheckResult {
  name: string;
  status: 'up' | 'down' | 'degraded';
  latencyMs: number;
  detail: string | null;
  critical: boolean;
}

/** Runs one check, bounded by its timeout: a hanging check is reported down at the timeout, never later. */
export async function runCheck(check: CheckDecl): Promise<CheckResult> {
  const timeoutMs = toMs(check.options.timeout ?? 3000);
  const critical = check.options.critical ?? false;
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
    return { name: check.name, status: result?.degraded ? 'degraded' : 'up', latencyMs, detail: result?.detail ?? null, critical };
  } catch (err) {
    const latencyMs = Math.round(performance.now() - started);
    return { name: check.name, status: 'down', latencyMs, detail: (err as Error)?.message ?? String(err), critical };
  } finally {
    clearTimeout(timer);
  }
}
