// Languages as the reference table holds them (no ORM for the importers).
import type { languages } from '../../../../db/schema/foundation';

export type LanguageRow = typeof languages.$inferSelect;
