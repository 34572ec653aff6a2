// Type definitions in Postgres. A tenant sees its own rows and the platform's (tenant_id null);
// it writes only its own (every write filters with ofTenant; row-level security agrees, 0019).
import { and, asc, count, eq, ilike, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { ServiceContext } from '../../../context';
import { tenants, users } from '../../../db/schema/accounts';
import { typeDefinitions as td } from '../../../db/schema/type-definitions';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import { likePattern } from '../../access/shared/like';
import type { ListFilter, NewTypeRow, TypeRow } from './type-definitions.model';

/** The caller's tenant's types and the platform's. */
const visible = (ctx: ServiceContext, ...more: (SQL | undefined)[]) => and(or(eq(td.tenantId, tenantOf(ctx)), isNull(td.tenantId)), ...more);

export async function listTypes(ctx: ServiceContext, f: ListFilter): Promise<TypeRow[]> {
  const db = await ctx.db();
  const where = f.includeSystem
    ? visible(ctx, f.appliesTo ? eq(td.appliesTo, f.appliesTo) : undefined, f.name ? ilike(td.name, likePattern(f.name)) : undefined, f.active === undefined ? undefined : eq(td.isActive, f.active))
    : ofTenant(td.tenantId, tenantOf(ctx), f.appliesTo ? eq(td.appliesTo, f.appliesTo) : undefined, f.name ? ilike(td.name, likePattern(f.name)) : undefined, f.active === undefined ? undefined : eq(td.isActive, f.active));
  // System types first, then the tenant's, each by name.
  return db.select().from(td).where(where).orderBy(sql`${td.tenantId} is not null`, asc(td.name), asc(td.id)).limit(f.limit).offset(f.offset);
}

export async function findVisible(ctx: ServiceContext, id: string): Promise<TypeRow | undefined> {
  const db = await ctx.db();
  const [row] = await db.select().from(td).where(visible(ctx, eq(td.id, id)));
  return row;
}

/** A type named `name` that the caller's tenant sees (its own or a platform one). */
export async function findVisibleByName(ctx: ServiceContext, name: string): Promise<TypeRow | undefined> {
  const db = await ctx.db();
  const [row] = await db.select().from(td).where(visible(ctx, eq(td.name, name))).orderBy(sql`${td.tenantId} is null`).limit(1);
  return row;
}

/** The tenant's own type, locked: `update` for a change or delete, `key share` while an entity is given the type. */
export async function lockOwn(ctx: ServiceContext, id: string, mode: 'update' | 'key share'): Promise<TypeRow | undefined> {
  const db = await ctx.db();
  const [row] = await db.select().from(td).where(ofTenant(td.tenantId, tenantOf(ctx), eq(td.id, id))).for(mode === 'update' ? 'update' : 'key share');
  return row;
}

/** The tenant's own types, by name; with `includeSystem` the platform's after them. */
export async function exportableTypes(ctx: ServiceContext, includeSystem = false, id?: string): Promise<TypeRow[]> {
  const db = await ctx.db();
  const byId = id ? eq(td.id, id) : undefined;
  return db
    .select()
    .from(td)
    .where(includeSystem ? visible(ctx, byId) : ofTenant(td.tenantId, tenantOf(ctx), byId))
    .orderBy(sql`${td.tenantId} is null`, asc(td.name));
}

export async function tenantSlug(ctx: ServiceContext): Promise<string | undefined> {
  const db = await ctx.db();
  const [t] = await db.select({ slug: tenants.slug }).from(tenants).where(eq(tenants.id, tenantOf(ctx)));
  return t?.slug;
}

/** The new type; undefined when the tenant already has one with this name. */
export async function insertType(ctx: ServiceContext, values: Omit<NewTypeRow, 'tenantId'>): Promise<TypeRow | undefined> {
  const db = await ctx.db();
  const [row] = await db
    .insert(td)
    .values({ ...values, tenantId: tenantOf(ctx) })
    .onConflictDoNothing({ target: [td.tenantId, td.name], where: sql`tenant_id IS NOT NULL` })
    .returning();
  return row;
}

export type TypeChanges = Partial<Pick<NewTypeRow, 'label' | 'description' | 'isActive' | 'schemaDefinition' | 'updatedBy'>>;

export async function updateType(ctx: ServiceContext, id: string, set: TypeChanges): Promise<TypeRow> {
  const db = await ctx.db();
  const [row] = await db.update(td).set({ ...set, updatedAt: sql`now()` }).where(ofTenant(td.tenantId, tenantOf(ctx), eq(td.id, id))).returning();
  return row!;
}

export async function deleteType(ctx: ServiceContext, id: string): Promise<void> {
  const db = await ctx.db();
  await db.delete(td).where(ofTenant(td.tenantId, tenantOf(ctx), eq(td.id, id)));
}

/** Live users (accounts) whose settings the type validates. */
export async function usersWithType(ctx: ServiceContext, id: string): Promise<number> {
  const db = await ctx.db();
  const [r] = await db.select({ n: count() }).from(users).where(and(eq(users.typeDefinitionId, id), isNull(users.deletedAt)));
  return r?.n ?? 0;
}

/** Inserts all `rows` or none; false when a name was taken meanwhile (the caller's transaction then fails). */
export async function insertTypes(ctx: ServiceContext, rows: Omit<NewTypeRow, 'tenantId'>[]): Promise<boolean> {
  if (!rows.length) return true;
  const db = await ctx.db();
  const inserted = await db
    .insert(td)
    .values(rows.map((r) => ({ ...r, tenantId: tenantOf(ctx) })))
    .onConflictDoNothing({ target: [td.tenantId, td.name], where: sql`tenant_id IS NOT NULL` })
    .returning({ id: td.id });
  return inserted.length === rows.length;
}
