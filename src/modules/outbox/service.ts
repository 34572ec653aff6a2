// The outbox: enqueue (idempotent by key), deliver (at most one sender per message, recorded),
// and the developer's view of the local sink. Callers build texts with composeMessage(). Content is
// sealed at enqueue and opened only here, to send it or to show it (content.ts).
import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { outboxMessages, type OutboxChannel, type OutboxMessage } from '../../db/schema/outbox';
import { ProviderError, senderFor, type MessagingEnv } from '../../providers/messaging';
import { openContent, sealContent, type KeyEnv } from './content';

/** What delivery reads from the environment: the provider settings and the key that opens content. */
export type OutboxEnv = MessagingEnv & KeyEnv;

/** After this many failed attempts a retryable error becomes final (`failed`). */
export const MAX_ATTEMPTS = 5;

export interface EnqueueInput {
  tenantId: string | null;
  channel: OutboxChannel;
  recipient: string;
  template: string;
  subject?: string | null;
  body: string;
  html?: string | null;
  payload: Record<string, unknown>;
  /** Unique across the platform: namespace it, e.g. `verify_email:<user id>:<token id>`. */
  idempotencyKey: string;
}

/**
 * Inserts a pending message, its content sealed; with a key seen before, returns the existing row
 * and inserts nothing. The row returned is as stored (sealed).
 */
export async function enqueueMessage(db: Database, env: KeyEnv, input: EnqueueInput): Promise<OutboxMessage> {
  const sealed = await sealContent(env, input.idempotencyKey, { body: input.body, html: input.html ?? null, payload: input.payload });
  const [created] = await db
    .insert(outboxMessages)
    .values({
      tenantId: input.tenantId,
      channel: input.channel,
      recipient: input.recipient,
      template: input.template,
      subject: input.subject ?? null,
      ...sealed,
      idempotencyKey: input.idempotencyKey,
    })
    .onConflictDoNothing({ target: outboxMessages.idempotencyKey })
    .returning();
  if (created) return created;
  const [existing] = await db
    .select()
    .from(outboxMessages)
    .where(eq(outboxMessages.idempotencyKey, input.idempotencyKey));
  if (!existing) throw new Error(`outbox: idempotency key ${input.idempotencyKey} conflicted but no row was found`);
  return existing;
}

/**
 * Sends one message if it is still pending and records the outcome. The row is locked
 * (`for update skip locked`) for the duration of the send, so a second worker skips it instead of
 * sending it again; a message already `sent` or `failed` is returned untouched. Returns the row as
 * it is afterwards, or undefined when the id is unknown or another worker holds it right now.
 * The lock is held across the provider call on purpose: releasing it before the outcome is recorded
 * would let another worker send the same message; a crash rolls back to `pending` (retried later).
 * The one window left is a provider that accepted the message just before a crash or timeout:
 * neither SendGrid nor Twilio takes an idempotency key, so that message may go out twice.
 */
export async function deliverMessage(db: Database, env: OutboxEnv, id: string): Promise<OutboxMessage | undefined> {
  const outcome = await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.id, id))
      .for('update', { skipLocked: true });
    if (!row || row.status !== 'pending') return { row, busy: !row };
    const { provider, sender } = senderFor(row.channel, env);
    const attempts = row.attempts + 1;
    let update: Partial<OutboxMessage>;
    try {
      const { providerMessageId } = await sender.send(await openContent(env, row));
      update = { status: 'sent', provider, providerMessageId, attempts, lastError: null, sentAt: new Date() };
    } catch (err) {
      const retry = err instanceof ProviderError ? err.retryable : true;
      const message = err instanceof Error ? err.message : String(err);
      update = {
        status: retry && attempts < MAX_ATTEMPTS ? 'pending' : 'failed',
        provider,
        attempts,
        lastError: message.slice(0, 2000),
      };
    }
    const [after] = await tx.update(outboxMessages).set(update).where(eq(outboxMessages.id, id)).returning();
    return { row: after, busy: false };
  });
  if (outcome.busy) {
    // Unknown id, or locked by another worker: tell them apart with a plain read.
    const [row] = await db.select().from(outboxMessages).where(eq(outboxMessages.id, id));
    return row && row.status !== 'pending' ? row : undefined;
  }
  return outcome.row;
}

/**
 * Delivers up to `limit` pending messages, oldest first, one transaction each (a crash mid-batch
 * loses nothing and re-sends nothing already recorded). Returns the rows it handled.
 */
export async function deliverPending(db: Database, env: OutboxEnv, limit = 50): Promise<OutboxMessage[]> {
  const candidates = await db
    .select({ id: outboxMessages.id })
    .from(outboxMessages)
    .where(eq(outboxMessages.status, 'pending'))
    .orderBy(outboxMessages.createdAt, outboxMessages.id)
    .limit(Math.max(1, Math.min(limit, 500)));
  const handled: OutboxMessage[] = [];
  for (const { id } of candidates) {
    const row = await deliverMessage(db, env, id);
    if (row) handled.push(row);
  }
  return handled;
}

export interface ListOutboxQuery {
  recipient?: string;
  tenantId?: string;
  channel?: OutboxChannel;
  /** 1..200, default 50. */
  limit?: number;
}

/** Newest first, content opened: what a developer on the local sink reads to find a link or code. */
export async function listOutbox(db: Database, env: KeyEnv, q: ListOutboxQuery = {}): Promise<OutboxMessage[]> {
  const filters = [
    q.recipient ? eq(outboxMessages.recipient, q.recipient) : undefined,
    q.tenantId ? eq(outboxMessages.tenantId, q.tenantId) : undefined,
    q.channel ? eq(outboxMessages.channel, q.channel) : undefined,
  ];
  const rows = await db
    .select()
    .from(outboxMessages)
    .where(and(...filters))
    .orderBy(desc(outboxMessages.createdAt), desc(outboxMessages.id))
    .limit(Math.max(1, Math.min(q.limit ?? 50, 200)));
  return Promise.all(rows.map((row) => openContent(env, row)));
}
