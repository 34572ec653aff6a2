// Sending from a request or a job: the message is written to the outbox inside the caller's
// transaction, and delivered once that transaction has committed (a rolled-back request sends
// nothing; a request delivers after its response). The cron job delivers whatever a crashed
// isolate left pending.
import type { BaseContext } from '../../context';
import type { Database } from '../../db/client';
import type { OutboxChannel } from '../../db/schema/outbox';
import type { Tx } from '../../db/tx';
import { deliverMessage, enqueueMessage } from './service';
import { composeMessage, type TemplateKey, type TemplateVars } from './templates';

export interface SendRequest<K extends TemplateKey> {
  tenantId: string | null;
  channel: OutboxChannel;
  to: string;
  template: K;
  vars: TemplateVars[K];
  /** Extra values kept with the message (readable in the local sink). */
  payload?: Record<string, unknown>;
  /** Namespaced and unique per message, e.g. `verify_email:<user>:<token prefix>`. */
  idempotencyKey: string;
}

export async function sendMessage<K extends TemplateKey>(ctx: BaseContext, db: Database | Tx, req: SendRequest<K>): Promise<string> {
  const text = composeMessage(req.template, req.channel, req.vars);
  const row = await enqueueMessage(db as Database, ctx.env, {
    tenantId: req.tenantId,
    channel: req.channel,
    recipient: req.to,
    template: req.template,
    subject: text.subject,
    body: text.body,
    html: text.html,
    payload: { ...req.vars, ...req.payload },
    idempotencyKey: req.idempotencyKey,
  });
  ctx.afterCommit(async (job) => deliverMessage(await job.db(), job.env, row.id));
  return row.id;
}
