// The two-factor vocabulary shared by routes, handlers and the service (no ORM for their importers).
export { MFA_METHODS, type MfaMethod } from '../../../db/schema/accounts';
import type { mfaMethods, MfaMethod } from '../../../db/schema/accounts';

export type CodeMethod = Exclude<MfaMethod, 'totp'>;
export type MethodRow = typeof mfaMethods.$inferSelect;

/** Sent codes: 6 digits, valid 10 minutes, single-use; a newer code replaces the previous one. */
export const CODE_DIGITS = 6;
export const CODE_TTL_SECONDS = 600;
/** Sending limits per user: one code per method every 30 s, at most 5 codes per hour. */
export const RESEND_INTERVAL_SECONDS = 30;
export const MAX_SENDS_PER_HOUR = 5;
/** TOTP: SHA-1, 6 digits, 30 s (what every authenticator app supports); ±1 step of clock skew. */
export const TOTP_PERIOD = 30;
export const TOTP_WINDOW = 1;
/**
 * Backup codes: 10 codes of 8 characters from Crockford's base32 alphabet (40 bits each). Eight
 * characters fit both `use-backup` (8–12) and `disable` (6–8), so a backup code also confirms a
 * disable. Input is normalised: case, spaces and hyphens are ignored, O reads as 0, I and L as 1.
 */
export const BACKUP_CODE_COUNT = 10;
export const BACKUP_CODE_LENGTH = 8;
