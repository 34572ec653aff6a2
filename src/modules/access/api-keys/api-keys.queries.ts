// API keys in Postgres, filtered by the caller's tenant (tenantOf). The authentication lookup of
// a presented key lives with the middleware (middleware/api-key.queries.ts).
import { and, count, desc, eq, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../../context';
import { apiKeys } from '../../../db/schema/access';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import type { ApiKeyRow, ApiKeyValues } from './api-keys.model';

export async function listKeys(ctx: ServiceContext): Promise<ApiKeyRow[]> {
  const db = await ctx.db();
  return db.select().from(apiKeys).where(ofTenant(apiKeys.tenantId, tenantOf(ctx))).orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
}

export async function countKeys(ctx: ServiceContext): Promise<number> {
  const db = await ctx.db();
  const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(apiKeys).where(ofTenant(apiKeys.tenantId, tenantOf(ctx)));
  return n;
}

export async function insertKey(ctx: ServiceContext, values: Omit<ApiKeyValues, 'tenantId'>): Promise<ApiKeyRow> {
  const db = await ctx.db();
  const [row] = await db
    .insert(apiKeys)
    .values({ tenantId: tenantOf(ctx), ...values })
    .returning();
  return row!;
}

/** The key `id` of the caller's tenant; `lock` takes it FOR UPDATE. */
export async function findKey(ctx: ServiceContext, id: string, lock = false): Promise<ApiKeyRow | undefined> {
  const db = await ctx.db();
  const q = db.select().from(apiKeys).where(ofTenant(apiKeys.tenantId, tenantOf(ctx), eq(apiKeys.id, id)));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function keyUuidOf(ctx: ServiceContext, id: string): Promise<string | undefined> {
  const db = await ctx.db();
  const [row] = await db.select({ keyUuid: apiKeys.keyUuid }).from(apiKeys).where(ofTenant(apiKeys.tenantId, tenantOf(ctx), eq(apiKeys.id, id)));
  return row?.keyUuid;
}

/** Writes `set` (and `updated_at`); undefined when the key is not the tenant's. */
export async function updateKey(ctx: ServiceContext, id: string, set: Partial<ApiKeyValues>): Promise<ApiKeyRow | undefined> {
  const db = await ctx.db();
  const [row] = await db
    .update(apiKeys)
    .set({ ...set, updatedAt: sql`now()` })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.tenantId, tenantOf(ctx))))
    .returning();
  return row;
}

/** Whether a key of the caller's tenant was deleted. */
export async function deleteKey(ctx: ServiceContext, id: string): Promise<boolean> {
  const db = await ctx.db();
  const deleted = await db.delete(apiKeys).where(ofTenant(apiKeys.tenantId, tenantOf(ctx), eq(apiKeys.id, id))).returning({ id: apiKeys.id });
  return deleted.length > 0;
}

/** A new secret for the key: `rotated_at` is now, usage counters are kept. */
export async function setSecret(ctx: ServiceContext, id: string, secret: { secretHash: string; keyPreview: string }): Promise<ApiKeyRow | undefined> {
  const db = await ctx.db();
  const [row] = await db
    .update(apiKeys)
    .set({ secretHash: secret.secretHash, keyPreview: secret.keyPreview, rotatedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.tenantId, tenantOf(ctx))))
    .returning();
  return row;
}
