// Tenant settings in Postgres: the category rows, the sign-in rules in tenants.auth_config (the
// `security` category's source), the change history, and the tenant lookups of the {id} routes.
import { and, count, desc, eq, sql } from 'drizzle-orm';
import type { BaseContext } from '../../../context';
import { memberships, tenants, type TenantAuthConfig } from '../../../db/schema/accounts';
import { tenantSettings, tenantSettingsHistory } from '../../../db/schema/tenant-config';
import { ofTenant } from '../../../db/tx';
import type { HistoryEntry, Settings, SettingsCategory, SettingsRow, TenantSettingsState, TenantType } from './settings.model';

/** The tenant's type and sign-in rules with its stored category rows: two statements, one round trip. */
export async function loadState(ctx: BaseContext, tenantId: string, category?: SettingsCategory): Promise<TenantSettingsState | undefined> {
  const db = await ctx.db();
  const [t, rows] = await Promise.all([
    db.select({ type: tenants.type, authConfig: tenants.authConfig }).from(tenants).where(eq(tenants.id, tenantId)),
    db
      .select({ id: tenantSettings.id, category: tenantSettings.category, settings: tenantSettings.settings, createdAt: tenantSettings.createdAt, updatedAt: tenantSettings.updatedAt })
      .from(tenantSettings)
      .where(ofTenant(tenantSettings.tenantId, tenantId, category ? eq(tenantSettings.category, category) : undefined)),
  ]);
  const tenant = t[0];
  return tenant && { tenantId, type: tenant.type as TenantType, authConfig: tenant.authConfig, rows: rows as SettingsRow[] };
}

/** Locks the tenant row so concurrent changes of one tenant's settings apply one after the other. */
export async function lockTenant(ctx: BaseContext, tenantId: string): Promise<void> {
  const db = await ctx.db();
  await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId)).for('update');
}

export async function upsertCategory(ctx: BaseContext, tenantId: string, category: SettingsCategory, settings: Settings): Promise<SettingsRow> {
  const db = await ctx.db();
  const [row] = await db
    .insert(tenantSettings)
    .values({ tenantId, category, settings })
    .onConflictDoUpdate({ target: [tenantSettings.tenantId, tenantSettings.category], set: { settings, updatedAt: sql`now()` } })
    .returning();
  return row as SettingsRow;
}

export async function setAuthConfig(ctx: BaseContext, tenantId: string, authConfig: TenantAuthConfig): Promise<void> {
  const db = await ctx.db();
  await db.update(tenants).set({ authConfig, updatedAt: sql`now()` }).where(eq(tenants.id, tenantId));
}

export async function insertHistory(ctx: BaseContext, e: Omit<HistoryEntry, 'id' | 'changedAt'>): Promise<void> {
  const db = await ctx.db();
  await db.insert(tenantSettingsHistory).values(e);
}

export async function history(ctx: BaseContext, tenantId: string, f: { category?: SettingsCategory; limit: number; offset: number }): Promise<HistoryEntry[]> {
  const db = await ctx.db();
  const rows = await db
    .select()
    .from(tenantSettingsHistory)
    .where(ofTenant(tenantSettingsHistory.tenantId, tenantId, f.category ? eq(tenantSettingsHistory.category, f.category) : undefined))
    .orderBy(desc(tenantSettingsHistory.changedAt), desc(tenantSettingsHistory.id))
    .limit(f.limit)
    .offset(f.offset);
  return rows as HistoryEntry[];
}

/** Whether the tenant exists (system administrators naming another tenant). */
export async function tenantExists(ctx: BaseContext, tenantId: string): Promise<boolean> {
  const db = await ctx.db();
  const [t] = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId));
  return Boolean(t);
}

/** People with an active membership in the tenant (machine users count too: each is an account). */
export async function countMembers(ctx: BaseContext, tenantId: string): Promise<number> {
  const db = await ctx.db();
  const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(memberships).where(and(eq(memberships.tenantId, tenantId), eq(memberships.status, 'active')));
  return n;
}
