import type { CheckResult } from './run-check.js';
import type { PluginState } from '../plugins/plugin-host.js';

/** A plugin's state as shown, never greener than it is: a running plugin with a failing or degraded check is `degraded`. */
export type PluginCondition = PluginState | 'degraded';

export interface ConditionView {
  condition: PluginCondition;
  /** For admins, e.g. "running — cannot reach Uptime Kuma"; null when plainly running or disabled. */
  summary: string | null;
  /** For household members, e.g. "Uptime Kuma isn't available right now"; null when all is well. */
  message: string | null;
}

/** How a running plugin stands, from its last check results. */
export function pluginCondition(state: PluginState, checks: CheckResult[], reason: string | null = null): ConditionView {
  if (state !== 'running') {
    return { condition: state, summary: state === 'failed' ? reason : null, message: state === 'failed' ? "This service isn't available right now" : null };
  }
  const down = checks.filter((c) => c.status === 'down');
  const degraded = checks.filter((c) => c.status === 'degraded');
  if (!down.length && !degraded.length) return { condition: 'running', summary: null, message: null };
  const worst = down[0] ?? degraded[0]!;
  const what = down.length
    ? down.map((c) => (c.reaches ? `cannot reach ${c.reaches}` : `${c.name}: ${c.detail ?? 'failing'}`)).join('; ')
    : degraded.map((c) => `${c.reaches ?? c.name}: ${c.detail ?? 'not fully working'}`).join('; ');
  return { condition: 'degraded', summary: `running — ${what}`, message: worst.message };
}
