// Tenants in Postgres. The `tenants` table is the tenant itself (no tenant_id): a request reads
// another tenant's row only after the service has checked the caller may see it (its own tenant,
// or any for a platform administrator). Deleted tenants are never read here.
import { and, asc, count, eq, ilike, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { BaseContext } from '../../../context';
import { memberships, tenants, users } from '../../../db/schema/accounts';
import type { NewTenant, TenantFilter, TenantRow, TenantUpdate } from './admin.model';

const live = (id: string) => and(eq(tenants.id, id), isNull(tenants.deletedAt));

export async function findTenant(ctx: BaseContext, id: string): Promise<TenantRow | undefined> {
  const db = await ctx.db();
  const [row] = await db.select().from(tenants).where(live(id));
  return row;
}

/** The row locked for a change (FOR UPDATE): concurrent transitions serialize on it. */
export async function lockTenant(ctx: BaseContext, id: string): Promise<TenantRow | undefined> {
  const db = await ctx.db();
  const [row] = await db.select().from(tenants).where(live(id)).for('update');
  return row;
}

/** A page of tenants (`only`: just that one, for callers who see only their own) with the total, in one statement. */
export async function listTenants(ctx: BaseContext, f: TenantFilter, only?: string): Promise<{ rows: TenantRow[]; total: number }> {
  const db = await ctx.db();
  const pattern = f.search ? `%${f.search.replace(/[\\%_]/g, (m) => `\\${m}`)}%` : undefined;
  const where: SQL | undefined = and(
    isNull(tenants.deletedAt),
    only ? eq(tenants.id, only) : undefined,
    f.status ? eq(tenants.status, f.status) : undefined,
    f.type ? eq(tenants.type, f.type) : undefined,
    pattern ? or(ilike(tenants.name, pattern), ilike(tenants.domain, pattern), ilike(tenants.slug, pattern)) : undefined,
  );
  const rows = await db
    .select({ t: tenants, total: sql<number>`(count(*) over ())::int` })
    .from(tenants)
    .where(where)
    .orderBy(asc(tenants.name), asc(tenants.id))
    .limit(f.limit)
    .offset(f.offset);
  const total = rows[0]?.total ?? (f.offset > 0 ? ((await db.select({ n: count() }).from(tenants).where(where))[0]?.n ?? 0) : 0);
  return { rows: rows.map((r) => r.t), total };
}

export async function slugOrDomainTaken(ctx: BaseContext, slug: string, domain: string, except?: string): Promise<boolean> {
  const db = await ctx.db();
  const [hit] = await db
    .select({ id: tenants.id })
    .from(tenants)
    .where(and(or(eq(tenants.slug, slug), eq(tenants.domain, domain), eq(tenants.slug, domain), eq(tenants.domain, slug)), except ? sql`${tenants.id} <> ${except}` : undefined))
    .limit(1);
  return Boolean(hit);
}

export async function emailTaken(ctx: BaseContext, email: string): Promise<boolean> {
  const db = await ctx.db();
  const [hit] = await db.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
  return Boolean(hit);
}

export async function insertTenant(ctx: BaseContext, t: NewTenant): Promise<TenantRow> {
  const db = await ctx.db();
  const [row] = await db.insert(tenants).values(t).returning();
  return row!;
}

/** The tenant's first account: its owner, at home in it. */
export async function insertOwner(ctx: BaseContext, tenantId: string, email: string, passwordHash: string): Promise<string> {
  const db = await ctx.db();
  const [u] = await db.insert(users).values({ tenantId, email, passwordHash, passwordChangedAt: new Date(), defaultTenantId: tenantId }).returning({ id: users.id });
  await db.insert(memberships).values({ userId: u!.id, tenantId, role: 'owner' });
  return u!.id;
}

export async function updateTenant(ctx: BaseContext, id: string, set: TenantUpdate): Promise<TenantRow> {
  const db = await ctx.db();
  const [row] = await db.update(tenants).set({ ...set, updatedAt: sql`now()` }).where(eq(tenants.id, id)).returning();
  return row!;
}
