// `npm run webhook:secret -- <tenantId>`: the secret a tenant verifies its calendar reminder
// webhooks with (Standard Webhooks, `webhook-signature` over `webhook-id.webhook-timestamp.body`).
// It is derived from ENCRYPTION_KEY and the tenant, never stored (the reference has no field for
// it): give ENCRYPTION_KEY of the installation, or run it next to `npm start` (.data/encryption-key).
import { readFileSync } from 'node:fs';
import { webhookSecret } from '../src/modules/calendar/dispatcher/webhook-secret.ts';

const tenantId = process.argv[2];
if (!tenantId || !/^[0-9a-f-]{36}$/i.test(tenantId)) {
  console.error('usage: [ENCRYPTION_KEY=...] npm run webhook:secret -- <tenant id>');
  process.exit(1);
}
const key = process.env.ENCRYPTION_KEY ?? readFileSync(new URL('../.data/encryption-key', import.meta.url), 'utf8').trim();
console.log(await webhookSecret({ ENCRYPTION_KEY: key }, tenantId.toLowerCase()));
