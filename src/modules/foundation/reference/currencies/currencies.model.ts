// Currencies as the reference table holds them (no ORM for the importers).
import type { currencies } from '../../../../db/schema/foundation';

export type CurrencyRow = typeof currencies.$inferSelect;
