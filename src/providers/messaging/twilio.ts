// Twilio Programmable Messaging (https://www.twilio.com/docs/messaging/api/message-resource):
// POST /2010-04-01/Accounts/{AccountSid}/Messages.json, Basic auth (AccountSid:AuthToken),
// form-encoded To/From/Body; 201 with the Message resource (`sid`); failures carry
// `{ code, message, more_info, status }`. WhatsApp is the same API with `whatsapp:` addresses.
import { joinUrl, jsonOrUndefined, PROVIDER_TIMEOUT_MS, providerCall } from './call';
import { ProviderError, retryableStatus, type MessageSender } from './types';

export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  /** Sender for this channel, E.164; `whatsapp:` is added for WhatsApp when missing. */
  from: string;
  baseUrl: string;
}

export const TWILIO_DEFAULT_BASE_URL = 'https://api.twilio.com';

const address = (value: string, whatsapp: boolean) => {
  const bare = value.replace(/^whatsapp:/, '');
  return whatsapp ? `whatsapp:${bare}` : bare;
};

export function twilioSender(cfg: TwilioConfig): MessageSender {
  return {
    send: (msg) =>
      providerCall(
        'twilio',
        msg.channel === 'whatsapp' ? 'messages.create.whatsapp' : 'messages.create.sms',
        async () => {
          const whatsapp = msg.channel === 'whatsapp';
          const url = joinUrl(cfg.baseUrl, `/2010-04-01/Accounts/${encodeURIComponent(cfg.accountSid)}/Messages.json`);
          const res = await fetch(url, {
            method: 'POST',
            signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
            headers: {
              authorization: `Basic ${btoa(`${cfg.accountSid}:${cfg.authToken}`)}`,
              'content-type': 'application/x-www-form-urlencoded',
              accept: 'application/json',
            },
            body: new URLSearchParams({
              To: address(msg.recipient, whatsapp),
              From: address(cfg.from, whatsapp),
              Body: msg.body,
            }),
          });
          const body = await jsonOrUndefined(res);
          if (!res.ok) {
            const detail = body?.message
              ? `${body.code ?? ''} ${body.message}`.trim()
              : res.statusText || 'no error detail';
            throw new ProviderError(`Twilio ${res.status}: ${detail}`, retryableStatus(res.status), res.status);
          }
          if (typeof body?.sid !== 'string')
            throw new ProviderError(`Twilio ${res.status}: no sid in the response`, false, res.status);
          return { status: res.status, value: { providerMessageId: body.sid } };
        },
      ),
  };
}
