// The API key vocabulary shared by routes, handlers and the service (no ORM for their importers).
import type { z } from '@hono/zod-openapi';
import type * as contract from '../../../contract/access';
import type { apiKeys } from '../../../db/schema/access';

/** Keys per tenant (the list is not paginated). */
export const MAX_KEYS_PER_TENANT = 100;

export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type ApiKeyValues = typeof apiKeys.$inferInsert;
export type NewApiKey = z.output<typeof contract.postSecureApiKeys.body>;
export type ApiKeyPatch = z.output<typeof contract.patchSecureApiKeysById.body>;

/** A key as created or rotated: the row and the full key, shown this once. */
export interface IssuedKey {
  row: ApiKeyRow;
  fullKey: string;
}
