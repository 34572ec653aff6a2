// Single-use, expiring links sent by email: their kinds and lifetimes.

export type LinkPurpose = 'email_verification' | 'password_reset';

export const EMAIL_VERIFICATION_TTL_HOURS = 48;
export const PASSWORD_RESET_TTL_MINUTES = 60;
/** At most one link of a kind per account per minute (no mail bombing through these routes). */
export const RESEND_INTERVAL_SECONDS = 60;

/** Whom a link is for. */
export interface LinkRecipient {
  id: string;
  email: string;
  tenantId: string;
}
