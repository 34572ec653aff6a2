// Tenant domains in Postgres. Every function is bound to the context's tenant (tenantOf): the
// admin API passes a context bound to the tenant of its path (domains.service.ts forTenant).
import { and, asc, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { BaseContext, ServiceContext } from '../../../context';
import { tenants } from '../../../db/schema/accounts';
import { tenantDomains } from '../../../db/schema/tenant-domains';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import { pgError } from '../../../lib/db-errors';
import type { TenantDomainRow } from './domains.model';

type Values = Partial<Omit<typeof tenantDomains.$inferInsert, 'id' | 'tenantId' | 'createdAt'>>;

const mine = (ctx: Pick<ServiceContext, 'tenantId'>, ...more: (SQL | undefined)[]) => ofTenant(tenantDomains.tenantId, tenantOf(ctx), ...more);

export async function listDomains(ctx: ServiceContext): Promise<TenantDomainRow[]> {
  const db = await ctx.db();
  return db.select().from(tenantDomains).where(mine(ctx)).orderBy(asc(tenantDomains.createdAt), asc(tenantDomains.id));
}

/** The tenant's domains, or undefined when the tenant does not exist (one statement: the admin API's 404). */
export async function listDomainsOfTenant(ctx: ServiceContext): Promise<TenantDomainRow[] | undefined> {
  const db = await ctx.db();
  const rows = await db
    .select({ tenantId: tenants.id, d: tenantDomains })
    .from(tenants)
    .leftJoin(tenantDomains, mine(ctx))
    .where(eq(tenants.id, tenantOf(ctx)))
    .orderBy(asc(tenantDomains.createdAt), asc(tenantDomains.id));
  if (!rows.length) return undefined;
  return rows.flatMap((r) => (r.d ? [r.d] : []));
}

export async function tenantExists(ctx: ServiceContext): Promise<boolean> {
  const db = await ctx.db();
  const [t] = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantOf(ctx)));
  return Boolean(t);
}

export async function findDomain(ctx: ServiceContext, id: string, lock = false): Promise<TenantDomainRow | undefined> {
  const db = await ctx.db();
  const q = db.select().from(tenantDomains).where(mine(ctx, eq(tenantDomains.id, id)));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

/** The new domain, or 'taken' when any tenant already has that name (the unique index decides: races included). */
export async function insertDomain(ctx: ServiceContext, v: Values & { domain: string; verificationToken: string }): Promise<TenantDomainRow | 'taken'> {
  const db = await ctx.db();
  const [row] = await db
    .insert(tenantDomains)
    .values({ ...v, tenantId: tenantOf(ctx) })
    .onConflictDoNothing({ target: tenantDomains.domain })
    .returning();
  return row ?? 'taken';
}

export async function updateDomain(ctx: ServiceContext, id: string, v: Values): Promise<TenantDomainRow | 'taken' | undefined> {
  const db = await ctx.db();
  try {
    const [row] = await db
      .update(tenantDomains)
      .set({ ...v, updatedAt: sql`now()` })
      .where(mine(ctx, eq(tenantDomains.id, id)))
      .returning();
    return row;
  } catch (err) {
    const pg = pgError(err);
    if (pg?.code === '23505' && pg.constraint === 'tenant_domains_domain_key') return 'taken';
    throw err;
  }
}

/** The deleted domain's name, or undefined when the tenant has no such domain. */
export async function deleteDomain(ctx: ServiceContext, id: string): Promise<string | undefined> {
  const db = await ctx.db();
  const [gone] = await db.delete(tenantDomains).where(mine(ctx, eq(tenantDomains.id, id))).returning({ domain: tenantDomains.domain });
  return gone?.domain;
}

/**
 * `(the id of the tenant whose verified domain is host)` as a scalar subquery, for the public
 * routes that find their tenant from the Host header (self-registration, OAuth, sign-in). Written
 * with its own alias so it reads the same inside select fields and where clauses.
 */
export function verifiedTenantIdOf(host: string): SQL<string | null> {
  return sql<string | null>`(select td.tenant_id from tenant_domains td where td.domain = ${normaliseHost(host)} and td.status = 'verified')`;
}

/** `API.Example.com.` → `api.example.com` (Host headers carry no port here: URL.hostname strips it). */
export const normaliseHost = (host: string) => host.trim().toLowerCase().replace(/\.$/, '');

/** The active tenant a request's Host names through a verified domain (platform path: public routes). */
export async function tenantIdByHost(ctx: BaseContext, host: string): Promise<string | undefined> {
  const db = await ctx.db();
  const [t] = await db.select({ id: tenants.id }).from(tenants).where(and(eq(tenants.id, verifiedTenantIdOf(host)), eq(tenants.status, 'active')));
  return t?.id;
}

// ---- platform-wide (the re-check job) ------------------------------------------------------

/**
 * Claims up to `limit` verified domains last checked more than `hours` ago (never checked first):
 * their `last_checked_at` moves to now in the same statement, so concurrent runs skip them.
 */
export async function claimDueForRecheck(ctx: BaseContext, hours: number, limit: number): Promise<TenantDomainRow[]> {
  const db = await ctx.db();
  const due = db
    .select({ id: tenantDomains.id })
    .from(tenantDomains)
    .where(and(eq(tenantDomains.status, 'verified'), or(isNull(tenantDomains.lastCheckedAt), lt(tenantDomains.lastCheckedAt, sql`now() - make_interval(hours => ${hours})`))))
    .orderBy(sql`${tenantDomains.lastCheckedAt} asc nulls first`)
    .limit(limit)
    .for('update', { skipLocked: true });
  return db.update(tenantDomains).set({ lastCheckedAt: sql`now()` }).where(inArray(tenantDomains.id, due)).returning();
}

/** A re-check's result, written only while the domain is still verified (a PATCH in between wins). */
export async function recordRecheck(ctx: BaseContext, row: TenantDomainRow, v: { status: 'verified' | 'failed'; lastErrorCode: TenantDomainRow['lastErrorCode'] }): Promise<void> {
  const db = await ctx.db();
  await db
    .update(tenantDomains)
    .set({ ...v, ...(v.status === 'failed' && { verifiedAt: null }), updatedAt: sql`now()` })
    .where(ofTenant(tenantDomains.tenantId, row.tenantId, eq(tenantDomains.id, row.id), eq(tenantDomains.status, 'verified')));
}
