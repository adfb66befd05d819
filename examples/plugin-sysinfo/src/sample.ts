import { cpus, freemem, hostname, loadavg, totalmem, uptime } from 'node:os';

/** One reading of the machine's state; the same shape goes to the route, the event and the widget. */
export interface Sample {
  hostname: string;
  load: [number, number, number];
  cpus: number;
  memory: { totalBytes: number; freeBytes: number; usedPercent: number };
  uptimeSeconds: number;
  sampledAt: string;
}

export const sampleSchema = {
  type: 'object',
  required: ['hostname', 'load', 'cpus', 'memory', 'uptimeSeconds', 'sampledAt'],
  properties: {
    hostname: { type: 'string' },
    load: { type: 'array', items: { type: 'number' }, minItems: 3, maxItems: 3 },
    cpus: { type: 'integer' },
    memory: {
      type: 'object',
      required: ['totalBytes', 'freeBytes', 'usedPercent'],
      properties: { totalBytes: { type: 'number' }, freeBytes: { type: 'number' }, usedPercent: { type: 'number' } },
    },
    uptimeSeconds: { type: 'number' },
    sampledAt: { type: 'string', format: 'date-time' },
  },
};

export function takeSample(now = new Date()): Sample {
  const [l1, l5, l15] = loadavg() as [number, number, number];
  const total = totalmem();
  const free = freemem();
  return {
    hostname: hostname(),
    load: [round(l1), round(l5), round(l15)],
    cpus: cpus().length,
    memory: { totalBytes: total, freeBytes: free, usedPercent: round(((total - free) / total) * 100) },
    uptimeSeconds: Math.round(uptime()),
    sampledAt: now.toISOString(),
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
