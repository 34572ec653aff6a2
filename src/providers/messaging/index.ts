// Picks the adapter for a channel from configuration (EMAIL_PROVIDER / SMS_PROVIDER and their
// credentials; see src/env.ts). Misconfiguration surfaces as a non-retryable ProviderError on the
// message rather than crashing the worker, so the outbox row says what is wrong.
import type { OutboxChannel, OutboxProvider } from '../../db/schema/outbox';
import type { Env } from '../../env';
import { localSink } from './local';
import { SENDGRID_DEFAULT_BASE_URL, sendGridSender } from './sendgrid';
import { TWILIO_DEFAULT_BASE_URL, twilioSender } from './twilio';
import { ProviderError, type MessageSender } from './types';

export type { MessageSender, OutboundMessage } from './types';
export { ProviderError } from './types';

/** The part of the Worker environment messaging reads; tests pass a plain object. */
export type MessagingEnv = Pick<
  Env,
  | 'EMAIL_PROVIDER'
  | 'SMS_PROVIDER'
  | 'SENDGRID_API_KEY'
  | 'SENDGRID_FROM'
  | 'SENDGRID_BASE_URL'
  | 'TWILIO_ACCOUNT_SID'
  | 'TWILIO_AUTH_TOKEN'
  | 'TWILIO_FROM_SMS'
  | 'TWILIO_FROM_WHATSAPP'
  | 'TWILIO_BASE_URL'
>;

export interface ChosenSender {
  provider: OutboxProvider;
  sender: MessageSender;
}

const failing = (provider: OutboxProvider, reason: string): ChosenSender => ({
  provider,
  sender: {
    send: () => Promise.reject(new ProviderError(reason, false)),
  },
});

/** Which provider the configuration names for a channel (without checking its credentials). */
export function providerFor(channel: OutboxChannel, env: MessagingEnv): OutboxProvider | { invalid: string } {
  const setting = (channel === 'email' ? env.EMAIL_PROVIDER : env.SMS_PROVIDER)?.trim().toLowerCase() || 'local';
  const allowed = channel === 'email' ? ['local', 'sendgrid'] : ['local', 'twilio'];
  if (!allowed.includes(setting)) {
    return {
      invalid: `${channel === 'email' ? 'EMAIL_PROVIDER' : 'SMS_PROVIDER'}="${setting}" is not one of ${allowed.join(', ')}`,
    };
  }
  return setting as OutboxProvider;
}

export function senderFor(channel: OutboxChannel, env: MessagingEnv): ChosenSender {
  const provider = providerFor(channel, env);
  if (typeof provider === 'object') return failing('local', provider.invalid);
  if (provider === 'local') return { provider, sender: localSink };

  if (provider === 'sendgrid') {
    const missing = (['SENDGRID_API_KEY', 'SENDGRID_FROM'] as const).filter((k) => !env[k]);
    if (missing.length) return failing(provider, `SendGrid is not configured: set ${missing.join(', ')}`);
    return {
      provider,
      sender: sendGridSender({
        apiKey: env.SENDGRID_API_KEY!,
        from: env.SENDGRID_FROM!,
        baseUrl: env.SENDGRID_BASE_URL || SENDGRID_DEFAULT_BASE_URL,
      }),
    };
  }

  const fromKey = channel === 'whatsapp' ? 'TWILIO_FROM_WHATSAPP' : 'TWILIO_FROM_SMS';
  const missing = (['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', fromKey] as const).filter((k) => !env[k]);
  if (missing.length) return failing(provider, `Twilio is not configured for ${channel}: set ${missing.join(', ')}`);
  return {
    provider,
    sender: twilioSender({
      accountSid: env.TWILIO_ACCOUNT_SID!,
      authToken: env.TWILIO_AUTH_TOKEN!,
      from: env[fromKey]!,
      baseUrl: env.TWILIO_BASE_URL || TWILIO_DEFAULT_BASE_URL,
    }),
  };
}
