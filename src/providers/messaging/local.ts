// The local sink: sends nothing. The outbox row (body, html, payload, sealed at rest) is the
// delivered message, readable with `npm run outbox` (or listOutbox()); this is the default so
// development needs no accounts or network.
import type { MessageSender } from './types';

export const localSink: MessageSender = {
  async send(msg) {
    return { providerMessageId: `local-${msg.id}` };
  },
};
