// Outbox of messages (email, SMS, WhatsApp). A row is written before anything is sent, so a crash
// never loses a message; the unique idempotency key makes a retried enqueue a no-op, so a retry
// never sends twice. With the local provider the row itself is the delivery: developers read it
// with `npm run outbox`. Body, html and payload are sealed with ENCRYPTION_KEY and cleared a
// retention period after delivery (modules/outbox/content.ts).
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const OUTBOX_CHANNELS = ['email', 'sms', 'whatsapp'] as const;
export const OUTBOX_STATUSES = ['pending', 'sent', 'failed'] as const;
export const OUTBOX_PROVIDERS = ['local', 'sendgrid', 'twilio'] as const;

export type OutboxChannel = (typeof OUTBOX_CHANNELS)[number];
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
export type OutboxProvider = (typeof OUTBOX_PROVIDERS)[number];

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // No FK yet: the tenants table arrives with the tenants area. Null for platform-level mail.
    tenantId: uuid('tenant_id'),
    channel: text('channel', { enum: OUTBOX_CHANNELS }).notNull(),
    /** E-mail address, or E.164 phone number for sms/whatsapp (without the `whatsapp:` prefix). */
    recipient: text('recipient').notNull(),
    subject: text('subject'),
    /** Sealed (`v1.` AES-GCM ciphertext); '' once cleared. */
    body: text('body').notNull(),
    html: text('html'),
    /** Template key, e.g. `verify_email`. */
    template: text('template').notNull(),
    /** Template variables (link, code, ...), sealed as `{ sealed }`: lets a developer on the local sink act on a message. */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('pending'),
    /** The provider chosen at delivery time (config may change between enqueue and send). */
    provider: text('provider', { enum: OUTBOX_PROVIDERS }).notNull().default('local'),
    providerMessageId: text('provider_message_id'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** When the retention job cleared the content (and masked the recipient). */
    purgedAt: timestamp('purged_at', { withTimezone: true }),
  },
  (t) => [
    check('outbox_messages_channel_check', sql`${t.channel} in (${inList(OUTBOX_CHANNELS)})`),
    check('outbox_messages_status_check', sql`${t.status} in (${inList(OUTBOX_STATUSES)})`),
    check('outbox_messages_provider_check', sql`${t.provider} in (${inList(OUTBOX_PROVIDERS)})`),
    // The delivery scan reads only pending rows, oldest first.
    index('outbox_messages_pending_idx')
      .on(t.createdAt)
      .where(sql`${t.status} = 'pending'`),
    // The developer's inbox view: newest messages for one recipient.
    index('outbox_messages_recipient_idx').on(t.recipient, t.createdAt),
    // The retention scan: delivered rows whose content is still there.
    index('outbox_messages_retention_idx')
      .on(t.createdAt)
      .where(sql`${t.purgedAt} is null and ${t.status} <> 'pending'`),
  ],
);

export type OutboxMessage = typeof outboxMessages.$inferSelect;
