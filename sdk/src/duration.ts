const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A duration: milliseconds as a number, or a string such as '500ms', '30s', '5m', '1h', '1d'. */
export type Duration = number | string;

/** Converts a Duration to milliseconds; throws on anything it cannot read. */
export function toMs(value: Duration): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw new TypeError(`Invalid duration: ${value}`);
    return value;
  }
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(value);
  if (!match) throw new TypeError(`Invalid duration "${value}": use a number of ms or e.g. "30s", "5m", "1h"`);
  return Math.round(Number(match[1]) * UNITS[match[2]!]!);
}
