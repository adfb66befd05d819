import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

interface Schedule {
  intervalMs: number;
  run: (slot: number) => Promise<void>;
  timer?: NodeJS.Timeout;
}

/**
 * Repeating jobs, once per interval across every process: time is cut into slots of `interval`,
 * and for each slot the process that wins a Redis lock (`SET … NX`) enqueues the job.
 * bee-queue has no repeating jobs of its own.
 */
export class Scheduler {
  private readonly schedules = new Map<string, Schedule>();

  constructor(private readonly redis: Redis, private readonly prefix: string, private readonly log: Logger) {}

  add(key: string, intervalMs: number, run: (slot: number) => Promise<void>): void {
    const schedule: Schedule = { intervalMs, run };
    this.schedules.set(key, schedule);
    // The current slot first (if no other process took it yet), so a long interval does not delay the first run.
    void this.fire(key, schedule, Math.floor(Date.now() / intervalMs));
  }

  private arm(key: string, schedule: Schedule): void {
    if (this.schedules.get(key) !== schedule) return;
    const next = (Math.floor(Date.now() / schedule.intervalMs) + 1) * schedule.intervalMs;
    schedule.timer = setTimeout(() => void this.fire(key, schedule, Math.floor(next / schedule.intervalMs)), next - Date.now() + 1);
    schedule.timer.unref();
  }

  private async fire(key: string, schedule: Schedule, slot: number): Promise<void> {
    if (this.schedules.get(key) !== schedule) return;
    try {
      const won = await this.redis.set(`${this.prefix}sched:${key}:${slot}`, '1', 'PX', schedule.intervalMs * 2, 'NX');
      if (won === 'OK') await schedule.run(slot);
    } catch (err) {
      this.log.warn({ schedule: key, err: (err as Error).message }, 'could not schedule a repeating job; will try the next slot');
    }
    this.arm(key, schedule);
  }

  removeWhere(match: (key: string) => boolean): void {
    for (const [key, schedule] of this.schedules) {
      if (!match(key)) continue;
      clearTimeout(schedule.timer);
      this.schedules.delete(key);
    }
  }

  stop(): void {
    this.removeWhere(() => true);
  }
}
