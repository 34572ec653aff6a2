// Reference tables are small and change only when the seed runs, so each isolate keeps a copy
// for a few minutes: a warm read answers without touching the database.
import type { Database } from '../../db/client';
import * as t from '../../db/schema/reference';

const TTL_MS = 10 * 60 * 1000;

type Loader<T> = (db: Database) => Promise<T>;

function cached<T>(load: Loader<T>) {
  let value: { data: T; at: number } | undefined;
  let inflight: Promise<T> | undefined;
  return async (db: () => Promise<Database>): Promise<T> => {
    if (value && Date.now() - value.at < TTL_MS) return value.data;
    inflight ??= db()
      .then(load)
      .then((data) => {
        value = { data, at: Date.now() };
        return data;
      })
      .finally(() => (inflight = undefined));
    return inflight;
  };
}

export const countryRows = cached((db) => db.select().from(t.countries).orderBy(t.countries.isoCode));
export const currencyRows = cached((db) => db.select().from(t.currencies).orderBy(t.currencies.code));
export const languageRows = cached((db) => db.select().from(t.languages).orderBy(t.languages.nameEnglish));
export const phoneCodeRows = cached((db) => db.select().from(t.phoneCodes).orderBy(t.phoneCodes.countryCode));

export type CountryRow = typeof t.countries.$inferSelect;
export type CurrencyRow = typeof t.currencies.$inferSelect;
export type LanguageRow = typeof t.languages.$inferSelect;
export type PhoneCodeRow = typeof t.phoneCodes.$inferSelect;
