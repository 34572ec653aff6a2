// Outbound notification webhooks (the tenant's `notifications.webhook_url`), signed as Standard
// Webhooks specifies (https://www.standardwebhooks.com: `webhook-id`, `webhook-timestamp`,
// `webhook-signature` = v1,HMAC-SHA256 over "id.timestamp.body"), through the `standardwebhooks`
// package so receivers verify with any of its libraries. `webhook-id` is the delivery's
// idempotency key: a receiver that dedups on it never acts twice on a redelivered notification.
import { Webhook } from 'standardwebhooks';
import { providerCall } from '../messaging/call';
import { ProviderError, retryableStatus } from '../messaging/types';

export interface SignedPost {
  url: string;
  /** The signing secret (`whsec_` + base64). */
  secret: string;
  /** Stable across retries of the same notification. */
  id: string;
  payload: unknown;
  timeoutMs?: number;
}

/** The headers of a signed notification sent at `at`. */
export function signedHeaders(secret: string, id: string, at: Date, body: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
    'idempotency-key': id,
    'user-agent': 'edge-platform-webhooks/1',
  };
}

/** POSTs the payload; throws a ProviderError unless the receiver answers 2xx within the timeout. */
export async function postSigned(p: SignedPost): Promise<{ status: number }> {
  const body = JSON.stringify(p.payload);
  return providerCall('webhook', 'notify', async () => {
    const res = await fetch(p.url, { method: 'POST', headers: signedHeaders(p.secret, p.id, new Date(), body), body, redirect: 'manual', signal: AbortSignal.timeout(p.timeoutMs ?? 10_000) });
    await res.body?.cancel();
    if (res.status < 200 || res.status > 299) throw new ProviderError(`webhook receiver answered ${res.status}`, retryableStatus(res.status) || res.status === 404, res.status);
    return { status: res.status, value: { status: res.status } };
  });
}
