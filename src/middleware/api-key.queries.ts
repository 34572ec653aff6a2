// The queries of API-key authentication (api-key.ts). They take the database handle: the lookup
// runs before any service context exists, and the usage write runs after the response on the
// handle `afterResponse` gives it.
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { tenants } from '../db/schema/accounts';
import { apiKeys } from '../db/schema/access';

/** One indexed lookup by `key_uuid` (the public part), with expiry and the tenant's name and status. */
export async function findApiKey(db: Database, keyUuid: string) {
  const [row] = await db
    .select({
      key: apiKeys,
      expired: sql<boolean>`(${apiKeys.expiresAt} is not null and ${apiKeys.expiresAt} <= now())`,
      tenantName: tenants.name,
      tenantSlug: tenants.slug,
      tenantStatus: tenants.status,
      tenantDeleted: sql<boolean>`(${tenants.deletedAt} is not null)`,
      // The tenant's feature switches travel with the key lookup (no query of their own).
      features: sql<Record<string, boolean>>`coalesce((select json_object_agg(tf.feature_key, tf.enabled) from tenant_features tf where tf.tenant_id = ${apiKeys.tenantId}), '{}'::json)`,
    })
    .from(apiKeys)
    .innerJoin(tenants, eq(tenants.id, apiKeys.tenantId))
    .where(eq(apiKeys.keyUuid, keyUuid));
  return row;
}

/** A single `request_count = request_count + 1`: every request counted, no read-modify-write race. */
export async function countApiKeyUse(db: Database, keyId: string, ip: string | null): Promise<void> {
  await db
    .update(apiKeys)
    .set({ requestCount: sql`${apiKeys.requestCount} + 1`, lastUsedAt: sql`now()`, lastUsedIp: ip })
    .where(eq(apiKeys.id, keyId));
}
