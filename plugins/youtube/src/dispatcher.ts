// Fair turns: waiting downloads stay in PostgreSQL, one list per person, and only `concurrency`
// of them are handed to bee-queue at a time. Each free slot goes to the person whose last turn is
// the oldest (someone new goes first), so one person's 200-item playlist takes every other turn
// at most, never the whole queue.
import type { JobQueue, Logger } from '@medianest/sdk';
import type { Sql } from './sql.js';

/** What a download job carries in bee-queue: only the row id; the row holds the rest. */
export interface DownloadJobData {
  downloadId: number;
}

// One dispatcher at a time across every process: a transaction-scoped advisory lock.
const LOCK = 7_106_989; // "ytd"

export const jobIdOf = (downloadId: number): string => `download-${downloadId}`;

export class Dispatcher {
  constructor(
    private readonly sql: () => Sql,
    private readonly queue: JobQueue<DownloadJobData>,
    private readonly settings: { concurrency: number; pauseMs: number },
    private readonly log: Logger,
  ) {}

  /**
   * Hands free slots to the next people in turn; `afterDownload` waits the configured pause first
   * (a slot counts as busy during it). Never throws: the periodic sweep calls it again.
   */
  async dispatch(afterDownload = false): Promise<number[]> {
    let picked: number[] = [];
    try {
      picked = await this.sql().tx(async (sql) => {
        await sql.all('select pg_advisory_xact_lock(?)', [LOCK]);
        const busy = await sql.one<{ n: number }>(`select count(*)::int as n from youtube_downloads where status in ('dispatched', 'running')`);
        const ids: number[] = [];
        for (let free = this.settings.concurrency - (busy?.n ?? 0); free > 0; free--) {
          const next = await sql.one<{ id: number; user_id: string }>(
            `select d.id, d.user_id from youtube_downloads d
               join youtube_people p on p.user_id = d.user_id
              where d.status = 'queued'
                and d.id = (select min(x.id) from youtube_downloads x where x.user_id = d.user_id and x.status = 'queued')
              order by p.last_turn_at asc nulls first, d.id asc
              limit 1`,
          );
          if (!next) break;
          await sql.all(`update youtube_downloads set status = 'dispatched', dispatched_at = now() where id = ?`, [next.id]);
          await sql.all('update youtube_people set last_turn_at = clock_timestamp() where user_id = ?', [next.user_id]);
          ids.push(next.id);
        }
        return ids;
      });
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'could not hand out download turns; the sweep tries again');
      return [];
    }
    const delay = afterDownload ? this.settings.pauseMs : 0;
    for (const id of picked) await this.hand(id, delay);
    return picked;
  }

  /**
   * Finds downloads handed out but lost (Redis restarted without its data, or a worker died and
   * nobody noticed): hands them to bee-queue again under the same job id, which bee-queue ignores
   * while the first copy is still there. Then fills free slots.
   */
  async sweep(staleMs: number): Promise<void> {
    try {
      const lost = await this.sql().all<{ id: number }>(
        `update youtube_downloads set status = 'dispatched', dispatched_at = now()
          where (status = 'dispatched' and dispatched_at < now() - (? * interval '1 millisecond'))
             or (status = 'running' and heartbeat_at < now() - (? * interval '1 millisecond'))
          returning id`,
        [staleMs + this.settings.pauseMs, staleMs],
      );
      for (const { id } of lost) await this.hand(id, 0);
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'could not look for lost downloads');
    }
    await this.dispatch();
  }

  private async hand(id: number, delayMs: number): Promise<void> {
    try {
      await this.queue.add({ downloadId: id }, { jobId: jobIdOf(id), delay: delayMs, notify: 'admins' });
    } catch (err) {
      // Stays 'dispatched' in PostgreSQL; the sweep hands it out again.
      this.log.warn({ err: (err as Error).message, downloadId: id }, 'could not hand a download to the workers yet');
    }
  }
}
