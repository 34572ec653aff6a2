// Messaging outbox (no routes yet: the developer endpoint for the local sink comes later).
export { enqueueMessage, deliverMessage, deliverPending, listOutbox, MAX_ATTEMPTS } from './service';
export type { EnqueueInput, ListOutboxQuery, OutboxEnv } from './service';
export { openContent, purgeDeliveredContent, OUTBOX_RETENTION_DAYS } from './content';
export { composeMessage } from './templates';
export type { Composed, TemplateKey, TemplateVars } from './templates';
