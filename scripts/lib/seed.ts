// Loads reference data: inserts new rows and updates changed ones (updated_at moves only then).
import { getTableName, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type { PgTable } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from '../../src/db/schema/foundation.ts';
import { buildCountries, buildCurrencies, buildLanguages, buildPhoneCodes } from './reference-data.ts';
import { SYSTEM_INFO_TAGS, seedInfoTags } from './info-tags-seed.ts';

async function upsert(db: ReturnType<typeof drizzle>, table: PgTable, key: string, rows: Record<string, unknown>[]) {
  if (!rows.length) return;
  const columns = Object.keys(rows[0]!).filter((k) => k !== key);
  const cols = (table as unknown as Record<string, { name: string }>);
  const set: Record<string, unknown> = { updatedAt: sql`now()` };
  for (const k of columns) set[k] = sql.raw(`excluded."${cols[k]!.name}"`);
  const name = getTableName(table);
  const changed = columns.map((k) => `"${name}"."${cols[k]!.name}" is distinct from excluded."${cols[k]!.name}"`).join(' or ');
  await db
    .insert(table)
    .values(rows)
    .onConflictDoUpdate({ target: cols[key] as never, set, setWhere: sql.raw(changed) });
}

export async function seedReferenceData(url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const db = drizzle(client);
    const data = {
      countries: buildCountries(),
      currencies: buildCurrencies(),
      languages: buildLanguages(),
      phone_codes: buildPhoneCodes(),
    };
    await db.transaction(async (tx) => {
      const t = tx as unknown as ReturnType<typeof drizzle>;
      await upsert(t, schema.countries, 'isoCode', data.countries);
      await upsert(t, schema.currencies, 'code', data.currencies);
      await upsert(t, schema.languages, 'isoCode1', data.languages);
      await upsert(t, schema.phoneCodes, 'countryCode', data.phone_codes);
      await seedInfoTags(t);
    });
    return { ...Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v.length])), info_tags: SYSTEM_INFO_TAGS.length };
  } finally {
    await client.end();
  }
}
