// Languages as the reference table holds them (no ORM for the importers).
import type { languages } from '../../../../db/schema/reference';

export type LanguageRow = typeof languages.$inferSelect;
