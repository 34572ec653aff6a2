// Reference data of the foundation area: countries, currencies, languages, phone codes.
import { jsonb, pgTable, text, timestamp, varchar } from 'drizzle-orm/pg-core';

// Reference data shared by all tenants (no tenant_id): loaded by scripts/seed-reference.ts from
// well-kept packages (countries-list, currency-codes, iso-639-3, libphonenumber-js) and Intl.

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

export const countries = pgTable('countries', {
  isoCode: varchar('iso_code', { length: 2 }).primaryKey(),
  cca3: varchar('cca3', { length: 3 }),
  nameAscii: text('name_ascii').notNull(),
  nameLocal: jsonb('name_local').$type<Record<string, string>>().notNull(),
  flagUrl: text('flag_url').notNull(),
  currencies: text('currencies').array(),
  phoneCode: text('phone_code'),
  metadata: jsonb('metadata').$type<CountryMetadata>().notNull(),
  ...timestamps,
});

export interface CountryMetadata {
  region: string;
  continent: string;
  calling_code?: string;
  currency_code?: string;
  capital?: string;
  languages: string[];
  [key: string]: unknown;
}

export const currencies = pgTable('currencies', {
  code: varchar('code', { length: 3 }).primaryKey(),
  name: text('name').notNull(),
  symbol: text('symbol'),
  metadata: jsonb('metadata').$type<{ countries: string[]; decimal_digits: number; numeric_code: string }>().notNull(),
  ...timestamps,
});

export const languages = pgTable('languages', {
  isoCode1: varchar('iso_code_1', { length: 2 }).primaryKey(),
  isoCode2: varchar('iso_code_2', { length: 3 }),
  isoCode3: varchar('iso_code_3', { length: 3 }),
  nameEnglish: text('name_english').notNull(),
  nameLocal: text('name_local').notNull(),
  countryCode: varchar('country_code', { length: 2 }),
  metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull(),
  ...timestamps,
});

export const phoneCodes = pgTable('phone_codes', {
  countryCode: varchar('country_code', { length: 2 }).primaryKey(),
  iddRoot: text('idd_root').notNull(),
  iddSuffixes: text('idd_suffixes').array(),
  fullCode: text('full_code').notNull(),
  metadata: jsonb('metadata').$type<{ country_name: string; region: string }>().notNull(),
  ...timestamps,
});
