// The local sink: sends nothing. The outbox row (body, html, payload) is the delivered message,
// readable with listOutbox(); this is the default so development needs no accounts or network.
import type { MessageSender } from './types';

export const localSink: MessageSender = {
  async send(msg) {
    return { providerMessageId: `local-${msg.id}` };
  },
};
