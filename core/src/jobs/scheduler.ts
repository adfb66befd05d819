import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

interface Schedule {
  intervalMs: number;
  run: (slot: number) => Promise<void>;
  timer?: NodeJS.Timeout;
}

/**
 * Repeating jobs, once per interval across every process (bee-queue has none of its own).
 * Time is cut into slots of `interval` (slot = floor(epoch ms / interval)); at the start of each
 * slot every scheduling process tries `SET <prefix>sched:<key>:<slot> 1 NX PX ...` and only the
 * winner runs the slot (enqueues the job). A new schedule tries the current slot at once, so the
 * first run does not wait a whole interval; a process that restarts within a slot finds it taken.
 * Timers are unref'd and cleared on removal: they never keep a process alive.
 */
export class Scheduler {
  private readonly schedules = new Map<string, Schedule>();

  constructor(private readonly redis: Redis, private readonly prefix: string, private readonly log: Logger) {}

  add(key: string, intervalMs: number, run: (slot: number) => Promise<void>): void {
    if (!(intervalMs >= 1)) throw new Error(`the interval of ${key} must be at least 1 ms`);
    if (this.schedules.has(key)) throw new Error(`${key} is scheduled already`);
    const schedule: Schedule = { intervalMs, run };
    this.schedules.set(key, schedule);
    void this.fire(key, schedule);
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

  private active(key: string, schedule: Schedule): boolean {
    return this.schedules.get(key) === schedule;
  }

  private async fire(key: string, schedule: Schedule): Promise<void> {
    if (!this.active(key, schedule)) return;
    // The slot of now, not of when the timer was set: a late timer never runs an old slot.
    const slot = Math.floor(Date.now() / schedule.intervalMs);
    try {
      // The lock outlives its slot a little, so a process whose clock or timer is a bit off cannot take it again.
      const ttl = Math.max(schedule.intervalMs * 2, 1000);
      const won = await this.redis.set(`${this.prefix}sched:${key}:${slot}`, '1', 'PX', ttl, 'NX');
      if (won === 'OK' && this.active(key, schedule)) await schedule.run(slot);
    } catch (err) {
      this.log.warn({ schedule: key, slot, err: (err as Error).message }, 'could not run a repeating job\'s slot; the next slot will try again');
    }
    this.arm(key, schedule);
  }

  private arm(key: string, schedule: Schedule): void {
    if (!this.active(key, schedule)) return;
    const next = (Math.floor(Date.now() / schedule.intervalMs) + 1) * schedule.intervalMs;
    clearTimeout(schedule.timer);
    schedule.timer = setTimeout(() => void this.fire(key, schedule), next - Date.now() + 1);
    schedule.timer.unref();
  }
}
