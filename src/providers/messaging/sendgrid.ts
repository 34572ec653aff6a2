// SendGrid v3 Mail Send (https://www.twilio.com/docs/sendgrid/api-reference/mail-send/mail-send):
// POST /v3/mail/send, Bearer key, JSON body; 202 Accepted with the id in `X-Message-Id`;
// failures carry `{ errors: [{ message, field, help }] }`.
import { joinUrl, jsonOrUndefined, PROVIDER_TIMEOUT_MS, providerCall } from './call';
import { ProviderError, retryableStatus, type MessageSender } from './types';

export interface SendGridConfig {
  apiKey: string;
  /** `addr@example.com` or `Name <addr@example.com>`. */
  from: string;
  baseUrl: string;
}

export const SENDGRID_DEFAULT_BASE_URL = 'https://api.sendgrid.com';

/** Splits `Name <addr>` into SendGrid's `{ email, name }`. */
export function parseAddress(value: string): { email: string; name?: string } {
  const m = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(value);
  if (!m) return { email: value.trim() };
  const name = m[1]!.replace(/^"|"$/g, '');
  return name ? { email: m[2]!.trim(), name } : { email: m[2]!.trim() };
}

export function sendGridSender(cfg: SendGridConfig): MessageSender {
  return {
    send: (msg) =>
      providerCall('sendgrid', 'mail.send', async () => {
        // text/plain must precede text/html: SendGrid rejects any other order.
        const content = [{ type: 'text/plain', value: msg.body }];
        if (msg.html) content.push({ type: 'text/html', value: msg.html });
        const res = await fetch(joinUrl(cfg.baseUrl, '/v3/mail/send'), {
          method: 'POST',
          signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
          headers: { authorization: `Bearer ${cfg.apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            personalizations: [{ to: [{ email: msg.recipient }] }],
            from: parseAddress(cfg.from),
            subject: msg.subject ?? '',
            content,
            // Comes back on SendGrid's event webhook, tying events to the outbox row.
            custom_args: { outbox_id: msg.id },
          }),
        });
        if (!res.ok) {
          const body = await jsonOrUndefined(res);
          const messages: string[] = Array.isArray(body?.errors)
            ? body.errors.map((e: { message?: unknown }) => String(e?.message ?? '')).filter(Boolean)
            : [];
          const detail = messages.length ? messages.join('; ') : res.statusText || 'no error detail';
          throw new ProviderError(`SendGrid ${res.status}: ${detail}`, retryableStatus(res.status), res.status);
        }
        await res.body?.cancel();
        const id = res.headers.get('x-message-id');
        if (!id) throw new ProviderError(`SendGrid ${res.status}: no X-Message-Id in the response`, false, res.status);
        return { status: res.status, value: { providerMessageId: id } };
      }),
  };
}
