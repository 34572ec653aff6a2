// Second factors: TOTP secrets, delivery targets for emailed/texted codes, pending codes and
// backup codes. Secrets are encrypted at rest; codes are stored hashed.
import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './identity';

export const MFA_METHODS = ['totp', 'sms', 'email', 'whatsapp'] as const;
export type MfaMethod = (typeof MFA_METHODS)[number];

export const mfaMethods = pgTable(
  'mfa_methods',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    method: text('method', { enum: MFA_METHODS }).notNull(),
    /** TOTP secret, encrypted with the platform key (AES-GCM); null for code-by-message methods. */
    secretEncrypted: text('secret_encrypted'),
    /** Phone number or email address the codes go to (sms/whatsapp/email). */
    deliveryTarget: text('delivery_target'),
    /** Null until a correct code proves the method works: only enabled methods count. */
    enabledAt: timestamp('enabled_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    /** Last TOTP time step accepted, so a code cannot be replayed within its window. */
    lastTotpStep: integer('last_totp_step'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('mfa_methods_user_method_key').on(t.userId, t.method)],
);

/** Codes sent by email, SMS or WhatsApp: single-use, expiring, hashed. */
export const mfaCodes = pgTable(
  'mfa_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    method: text('method', { enum: MFA_METHODS }).notNull(),
    codeHash: text('code_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('mfa_codes_user_idx').on(t.userId, t.method)],
);

export const mfaBackupCodes = pgTable(
  'mfa_backup_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('mfa_backup_codes_user_idx').on(t.userId)],
);
