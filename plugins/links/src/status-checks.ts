// Runs every tile's check once (for everybody) and turns the answers into dots.
import type { PluginContext } from '@medianest/sdk';
import { toMs } from '@medianest/sdk';
import { checkHttp, checkTcp, mapLimit, type TileStatus } from './checks.js';
import type { LinksConfig } from './config.js';
import type { Tile } from './tile-store.js';

/** What the Uptime Kuma plugin tells about its monitors (its `uptime-kuma.monitors` service). */
export interface KumaMonitors {
  list(): Promise<{ reachable: boolean; monitors: Array<{ name: string; status: string; pingMs: number | null }> }>;
}

export type StatusMap = Record<string, TileStatus>;

export async function checkTiles(ctx: PluginContext<LinksConfig>, tiles: Tile[], signal: AbortSignal): Promise<StatusMap> {
  const timeoutMs = toMs(ctx.config.checkTimeout);
  const slowMs = toMs(ctx.config.slowAfter);
  const checkedAt = new Date().toISOString();
  let kuma: Awaited<ReturnType<KumaMonitors['list']>> | null | undefined;
  const kumaView = async () => {
    if (kuma !== undefined) return kuma;
    const service = ctx.useOptional<KumaMonitors>('uptime-kuma.monitors');
    kuma = service ? await service.list().catch(() => null) : null;
    return kuma;
  };
  const results = await mapLimit(tiles, 8, async (tile): Promise<[string, TileStatus]> => {
    if (tile.check.kind === 'none') return [tile.id, { state: 'unknown', latencyMs: null, reason: 'no check', checkedAt }];
    if (tile.check.kind === 'kuma') {
      const view = await kumaView();
      if (!view) return [tile.id, { state: 'unknown', latencyMs: null, reason: 'the Uptime Kuma plugin is not running', checkedAt }];
      const monitor = view.monitors.find((m) => m.name.toLowerCase() === tile.check.target.toLowerCase());
      if (!monitor) return [tile.id, { state: 'unknown', latencyMs: null, reason: `Uptime Kuma has no monitor named "${tile.check.target}"`, checkedAt }];
      if (!view.reachable) return [tile.id, { state: 'unknown', latencyMs: null, reason: `Uptime Kuma is unreachable; it last said ${monitor.status}`, checkedAt }];
      const state = monitor.status === 'up' ? 'up' : monitor.status === 'down' ? 'down' : monitor.status === 'unknown' ? 'unknown' : 'slow';
      return [tile.id, { state, latencyMs: monitor.pingMs, reason: `Uptime Kuma: ${monitor.status}${monitor.pingMs !== null ? `, ${monitor.pingMs} ms` : ''}`, checkedAt }];
    }
    const r = tile.check.kind === 'tcp'
      ? await checkTcp(tile.check.target, timeoutMs, signal)
      : await checkHttp(ctx.http, tile.check.target || tile.url, timeoutMs, signal);
    const state = !r.ok ? 'down' : r.latencyMs !== null && r.latencyMs > slowMs ? 'slow' : 'up';
    const reason = state === 'slow' ? `${r.reason} (slower than ${slowMs} ms)` : r.reason;
    return [tile.id, { state, latencyMs: r.latencyMs, reason, checkedAt }];
  });
  return Object.fromEntries(results);
}

/** The dots without the reasons, for every signed-in browser. */
export function publicStates(map: StatusMap): Record<string, { state: TileStatus['state']; latencyMs: number | null; checkedAt: string }> {
  return Object.fromEntries(Object.entries(map).map(([id, s]) => [id, { state: s.state, latencyMs: s.latencyMs, checkedAt: s.checkedAt }]));
}
