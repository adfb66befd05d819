import type { MikroORM } from '@mikro-orm/postgresql';
import { BoardRow } from '../db/core-schema.js';

/** One widget's place on a board: `id` is `<plugin>/<tag>`; x, y, w, h in cells of the 12-column grid. */
export interface BoardItem {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  hidden: boolean;
}

/** The owner of the board new people get (and anyone whose board was reset). */
export const DEFAULT_BOARD = '@default';

/** Dashboard layouts in core_boards: one per person, and the default. */
export class BoardStore {
  constructor(private readonly orm: MikroORM) {}

  async get(owner: string): Promise<BoardItem[] | undefined> {
    const row = await this.orm.em.fork().findOne(BoardRow, { owner });
    return row ? (row.items as BoardItem[]) : undefined;
  }

  /** A person's board, else the default, else none (the dashboard then lays widgets out by their sizes). */
  async forUser(userId: string): Promise<{ items: BoardItem[]; source: 'mine' | 'default' | 'none' }> {
    const mine = await this.get(userId);
    if (mine) return { items: mine, source: 'mine' };
    const fallback = await this.get(DEFAULT_BOARD);
    return fallback ? { items: fallback, source: 'default' } : { items: [], source: 'none' };
  }

  async set(owner: string, items: BoardItem[]): Promise<void> {
    await this.orm.em.fork().upsert(BoardRow, { owner, items, updatedAt: new Date() } as any);
  }

  /** Removes a board; true when there was one. */
  async remove(owner: string): Promise<boolean> {
    const n = await this.orm.em.fork().nativeDelete(BoardRow, { owner });
    return n > 0;
  }
}
