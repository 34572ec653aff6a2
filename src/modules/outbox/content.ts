// Message content at rest. Bodies carry what must not stay readable in a database copy: 2FA codes,
// reset and verification links, invitation codes. The outbox keeps them sealed with ENCRYPTION_KEY
// (AES-256-GCM, bound to the message's idempotency key) from enqueue on, opens them only to hand
// them to a provider (or to a developer reading the local sink, `npm run outbox`), and clears them
// OUTBOX_RETENTION_DAYS after delivery (jobs.ts), keeping the metadata (status, times, provider ids).
import { and, inArray, isNull, sql } from 'drizzle-orm';
import type { Env } from '../../context';
import { encryptionKey } from '../../config';
import type { Database } from '../../db/client';
import { outboxMessages, type OutboxMessage } from '../../db/schema/outbox';
import { decryptSecret, encryptSecret } from '../../lib/crypto';

/** Days a delivered (sent or finally failed) message keeps its content. */
export const OUTBOX_RETENTION_DAYS = 7;

export type KeyEnv = Pick<Env, 'ENCRYPTION_KEY'>;

interface Content {
  body: string;
  html: string | null;
  payload: Record<string, unknown>;
}

/** The sealed payload column: the template variables as one ciphertext. */
interface SealedPayload {
  sealed: string;
}

const context = (idempotencyKey: string, part: string) => `outbox:${idempotencyKey}:${part}`;
const isSealed = (payload: unknown): payload is SealedPayload => typeof (payload as SealedPayload | null)?.sealed === 'string';

export async function sealContent(env: KeyEnv, idempotencyKey: string, c: Content): Promise<{ body: string; html: string | null; payload: Record<string, unknown> }> {
  const key = encryptionKey(env);
  return {
    body: await encryptSecret(key, c.body, context(idempotencyKey, 'body')),
    html: c.html === null ? null : await encryptSecret(key, c.html, context(idempotencyKey, 'html')),
    payload: { sealed: await encryptSecret(key, JSON.stringify(c.payload), context(idempotencyKey, 'payload')) } satisfies SealedPayload,
  };
}

/** The row with its content readable. Rows stored before sealing, and cleared rows, come back as they are. */
export async function openContent(env: KeyEnv, row: OutboxMessage): Promise<OutboxMessage> {
  if (!isSealed(row.payload)) return row;
  const key = encryptionKey(env);
  const k = row.idempotencyKey;
  return {
    ...row,
    body: await decryptSecret(key, row.body, context(k, 'body')),
    html: row.html === null ? null : await decryptSecret(key, row.html, context(k, 'html')),
    payload: JSON.parse(await decryptSecret(key, row.payload.sealed, context(k, 'payload'))) as Record<string, unknown>,
  };
}

/** `ada@example.com` → `a***@example.com`, `+4915112345678` → `+49***78`: enough to tell messages apart. */
export const maskRecipient = sql`case when ${outboxMessages.recipient} like '%@%'
  then left(${outboxMessages.recipient}, 1) || '***' || substr(${outboxMessages.recipient}, strpos(${outboxMessages.recipient}, '@'))
  else left(${outboxMessages.recipient}, 3) || '***' || right(${outboxMessages.recipient}, 2) end`;

/**
 * Clears the content of messages delivered (or finally failed) more than `days` ago, in batches:
 * body, html, subject and payload go, the recipient is masked; status, times and provider ids stay.
 */
export async function purgeDeliveredContent(db: Database, days = OUTBOX_RETENTION_DAYS, limit = 1000): Promise<number> {
  const due = db
    .select({ id: outboxMessages.id })
    .from(outboxMessages)
    .where(
      and(
        isNull(outboxMessages.purgedAt),
        inArray(outboxMessages.status, ['sent', 'failed']),
        sql`coalesce(${outboxMessages.sentAt}, ${outboxMessages.createdAt}) < now() - make_interval(days => ${days})`,
      ),
    )
    .orderBy(outboxMessages.createdAt)
    .limit(limit);
  const cleared = await db
    .update(outboxMessages)
    .set({ body: '', html: null, subject: null, payload: {}, recipient: maskRecipient, purgedAt: sql`now()` })
    .where(inArray(outboxMessages.id, due))
    .returning({ id: outboxMessages.id });
  return cleared.length;
}
