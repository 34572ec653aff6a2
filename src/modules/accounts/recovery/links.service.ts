// Sending the single-use links: email verification and password reset, through the outbox. Like
// sendMessage, these take the database handle the message is written with: registration paths of
// other areas (OAuth, invitation accept) send inside their own transaction.
import type { BaseContext } from '../../../context';
import type { Database } from '../../../db/client';
import type { Tx } from '../../../db/tx';
import { sendMessage } from '../../outbox/send';
import { EMAIL_VERIFICATION_TTL_HOURS, PASSWORD_RESET_TTL_MINUTES, type LinkRecipient } from './recovery.model';
import { issueOneTimeToken } from './recovery.queries';

export async function sendEmailVerification(ctx: BaseContext, db: Database | Tx, user: LinkRecipient) {
  const token = await issueOneTimeToken(db, user.id, 'email_verification', EMAIL_VERIFICATION_TTL_HOURS * 3_600_000);
  const link = `${ctx.config.appUrl}/verify-email?token=${encodeURIComponent(token)}`;
  await sendMessage(ctx, db, {
    tenantId: user.tenantId,
    channel: 'email',
    to: user.email,
    template: 'verify_email',
    vars: { link },
    payload: { token },
    idempotencyKey: `verify_email:${user.id}:${token.slice(0, 16)}`,
  });
}

export async function sendPasswordReset(ctx: BaseContext, db: Database | Tx, user: LinkRecipient) {
  const token = await issueOneTimeToken(db, user.id, 'password_reset', PASSWORD_RESET_TTL_MINUTES * 60_000);
  const link = `${ctx.config.appUrl}/reset-password?token=${encodeURIComponent(token)}`;
  await sendMessage(ctx, db, {
    tenantId: user.tenantId,
    channel: 'email',
    to: user.email,
    template: 'password_reset',
    vars: { link },
    payload: { token },
    idempotencyKey: `password_reset:${user.id}:${token.slice(0, 16)}`,
  });
}
