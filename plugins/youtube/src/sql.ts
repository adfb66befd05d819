// Plain SQL over the plugin's forked entity manager: the queue needs row locks, advisory locks and
// `for update skip locked`, which read more clearly as SQL than as ORM calls.
import type { Store } from '@medianest/sdk';

/** Runs SQL with `?` placeholders. */
export interface Sql {
  all<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  one<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T | undefined>;
  /** Runs `fn` in one transaction on one connection. */
  tx<T>(fn: (sql: Sql) => Promise<T>): Promise<T>;
}

function over(em: any): Sql {
  const sql: Sql = {
    all: async (text, params = []) => (await em.execute(text, params, 'all')) as any[],
    one: async (text, params = []) => ((await em.execute(text, params, 'all')) as any[])[0],
    tx: (fn) => em.transactional((inner: any) => fn(over(inner))),
  };
  return sql;
}

/** SQL over a fresh entity manager of the store. */
export const sqlOf = (store: Store): Sql => over(store.em());
