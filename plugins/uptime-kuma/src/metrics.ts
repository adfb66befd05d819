// Reads current response times out of Uptime Kuma's Prometheus /metrics text.

/** Response times in ms by monitor id and by monitor name (older and newer Uptime Kuma label them differently). */
export interface ResponseTimes {
  byId: Map<number, number>;
  byName: Map<string, number>;
}

const LINE = /^monitor_response_time\{([^}]*)\}\s+(-?[\d.eE+-]+)\s*$/;
const LABEL = /(\w+)="((?:[^"\\]|\\.)*)"/g;

/** Parses `monitor_response_time{...} <ms>` lines; -1 (no answer) is left out. */
export function parseResponseTimes(text: string): ResponseTimes {
  const times: ResponseTimes = { byId: new Map(), byName: new Map() };
  for (const line of text.split('\n')) {
    const match = LINE.exec(line.trim());
    if (!match) continue;
    const value = Number(match[2]);
    if (!Number.isFinite(value) || value < 0) continue;
    const labels = new Map<string, string>();
    for (const [, key, raw] of match[1]!.matchAll(LABEL)) labels.set(key!, raw!.replace(/\\(.)/g, '$1'));
    const id = Number(labels.get('monitor_id'));
    if (Number.isInteger(id) && labels.has('monitor_id')) times.byId.set(id, value);
    const name = labels.get('monitor_name');
    if (name !== undefined) times.byName.set(name, value);
  }
  return times;
}
