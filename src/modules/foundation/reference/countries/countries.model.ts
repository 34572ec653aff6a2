// Countries as the reference table holds them (no ORM for the importers).
import type { countries } from '../../../../db/schema/foundation';

export type CountryRow = typeof countries.$inferSelect;

/** Listed first unless the caller names others (`priority`). */
export const DEFAULT_PRIORITY = 'CH,DE,AT,FR,IT,LI';

export interface CountryFilter {
  search?: string;
  region?: string;
  /** Comma-separated ISO codes listed first; undefined for the default. */
  priority?: string;
  limit: number;
  offset: number;
}

/** A country with its name in the caller's language. */
export interface LocalizedCountry {
  row: CountryRow;
  name: string;
}
