// The signing secret of a tenant's notification webhooks (calendar reminders over `webhook`). The
// reference has no field for it (tenant settings' `notifications` allows `webhook_url` alone), so
// it is derived, never stored, and operators hand it to the tenant: `npm run webhook:secret -- <tenantId>`.
import type { Env } from '../../../context';
import { encryptionKey } from '../../../config';
import { hmacHex } from '../../../lib/crypto';

/**
 * The signing secret of a tenant's notification webhooks (Standard Webhooks: `whsec_` + base64 of
 * 32 bytes): derived from the platform key (ENCRYPTION_KEY) and the tenant: changing the key changes every tenant's secret.
 */
export async function webhookSecret(env: Pick<Env, 'ENCRYPTION_KEY'>, tenantId: string): Promise<string> {
  const hex = await hmacHex(encryptionKey(env), `calendar-reminder-webhook:${tenantId}`);
  return `whsec_${btoa(String.fromCharCode(...hex.match(/../g)!.map((b) => parseInt(b, 16))))}`;
}

