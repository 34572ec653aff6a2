// Rate-limit configurations in Postgres, always filtered by the tenant they belong to.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { BaseContext } from '../../../context';
import type { Database } from '../../../db/client';
import { tenants } from '../../../db/schema/accounts';
import { tenantRateLimits, tenantSettings } from '../../../db/schema/tenant-config';
import type { TenantType } from '../../../db/schema/tenants';
import { ofTenant } from '../../../db/tx';
import type { ActiveLimit, RateLimitInput, RateLimitRow } from './rate-limits.model';

export async function list(ctx: BaseContext, tenantId: string): Promise<RateLimitRow[]> {
  const db = await ctx.db();
  return db.select().from(tenantRateLimits).where(ofTenant(tenantRateLimits.tenantId, tenantId)).orderBy(asc(tenantRateLimits.createdAt), asc(tenantRateLimits.id));
}

export async function find(ctx: BaseContext, tenantId: string, id: string): Promise<RateLimitRow | undefined> {
  const db = await ctx.db();
  const [row] = await db.select().from(tenantRateLimits).where(ofTenant(tenantRateLimits.tenantId, tenantId, eq(tenantRateLimits.id, id)));
  return row;
}

export async function insert(ctx: BaseContext, tenantId: string, v: RateLimitInput, createdBy: string | null): Promise<RateLimitRow> {
  const db = await ctx.db();
  const [row] = await db.insert(tenantRateLimits).values({ ...v, tenantId, createdBy }).returning();
  return row!;
}

export async function update(ctx: BaseContext, tenantId: string, id: string, v: Partial<RateLimitInput>): Promise<RateLimitRow | undefined> {
  const db = await ctx.db();
  const [row] = await db
    .update(tenantRateLimits)
    .set({ ...v, updatedAt: sql`now()` })
    .where(ofTenant(tenantRateLimits.tenantId, tenantId, eq(tenantRateLimits.id, id)))
    .returning();
  return row;
}

export async function remove(ctx: BaseContext, tenantId: string, id: string): Promise<boolean> {
  const db = await ctx.db();
  const rows = await db.delete(tenantRateLimits).where(ofTenant(tenantRateLimits.tenantId, tenantId, eq(tenantRateLimits.id, id))).returning({ id: tenantRateLimits.id });
  return rows.length > 0;
}

/** The tenant's enabled limits, for the middleware (on the request's read handle or an after-response one). */
export async function activeLimits(db: Database, tenantId: string): Promise<ActiveLimit[]> {
  return db
    .select({ id: tenantRateLimits.id, endpointPattern: tenantRateLimits.endpointPattern, maxRequests: tenantRateLimits.maxRequests, windowSeconds: tenantRateLimits.windowSeconds, scopeType: tenantRateLimits.scopeType })
    .from(tenantRateLimits)
    .where(ofTenant(tenantRateLimits.tenantId, tenantId, eq(tenantRateLimits.enabled, true)));
}

/** The tenant's type and its stored `limits.max_api_calls_per_day` (null: the type's default). */
export async function dailyCallSetting(db: Database, tenantId: string): Promise<{ type: TenantType; stored: unknown } | undefined> {
  const [row] = await db
    .select({ type: tenants.type, stored: sql<unknown>`${tenantSettings.settings} -> 'max_api_calls_per_day'` })
    .from(tenants)
    .leftJoin(tenantSettings, and(eq(tenantSettings.tenantId, tenants.id), eq(tenantSettings.category, 'limits')))
    .where(eq(tenants.id, tenantId));
  return row;
}
