// Reference tables are small and change only when the seed runs, so each isolate keeps a copy
// for a few minutes: a warm read answers without touching the database (no connection opened).
import type { BaseContext } from '../../../context';
import type { Database } from '../../../db/client';

const TTL_MS = 10 * 60 * 1000;

/** A reader of `load`'s rows through the isolate's copy; concurrent misses share one query. */
export function cached<T>(load: (db: Database) => Promise<T>) {
  let value: { data: T; at: number } | undefined;
  let inflight: Promise<T> | undefined;
  return async (ctx: Pick<BaseContext, 'db'>): Promise<T> => {
    if (value && Date.now() - value.at < TTL_MS) return value.data;
    inflight ??= ctx
      .db()
      .then(load)
      .then((data) => {
        value = { data, at: Date.now() };
        return data;
      })
      .finally(() => (inflight = undefined));
    return inflight;
  };
}
