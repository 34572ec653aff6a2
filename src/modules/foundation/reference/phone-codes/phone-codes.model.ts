// International calling codes as the reference table holds them (no ORM for the importers).
import type { phoneCodes } from '../../../../db/schema/foundation';

export type PhoneCodeRow = typeof phoneCodes.$inferSelect;
