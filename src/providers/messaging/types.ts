// The one shape every messaging adapter implements, so the outbox never knows which provider sends.
import type { OutboxChannel } from '../../db/schema/outbox';

export interface OutboundMessage {
  /** Outbox row id: passed to providers that accept a reference, for tracing a message end to end. */
  id: string;
  channel: OutboxChannel;
  /** E-mail address or E.164 number (no `whatsapp:` prefix; the adapter adds it). */
  recipient: string;
  subject: string | null;
  body: string;
  html: string | null;
}

export interface MessageSender {
  send(msg: OutboundMessage): Promise<{ providerMessageId: string }>;
}

/**
 * A provider refused or could not be reached. `retryable` separates "try again later" (network,
 * 429, 5xx) from "this will never work as is" (bad credentials, invalid recipient, missing config).
 */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

/** Statuses worth retrying: rate limited, or the provider's own trouble. */
export const retryableStatus = (status: number) => status === 408 || status === 429 || status >= 500;
