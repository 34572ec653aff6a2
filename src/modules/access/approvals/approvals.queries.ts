// Approval requests and settings in Postgres. Request-scoped functions filter by the caller's
// tenant (tenantOf); the hook and the expiry job name their tenant explicitly.
import { and, count, desc, eq, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { BaseContext, Principal, ServiceContext } from '../../../context';
import { memberships, users } from '../../../db/schema/accounts';
import { approvalRequests, approvalSettings } from '../../../db/schema/access';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import type { ApprovalEntityType, ApprovalStatus, DecisionStatus, DetailedRequest, ListFilter, RequestRow } from './approvals.model';

const creator = alias(users, 'creator');
const decider = alias(users, 'decider');

/** What readers see: a pending request past `expires_at` is expired (before the cron job marks it). */
const statusSql = sql<ApprovalStatus>`case when ${approvalRequests.status} = 'pending' and ${approvalRequests.expiresAt} <= now() then 'expired' else ${approvalRequests.status} end`;

/** Approvers (approvals:write) see every request of the tenant; others only their own. */
function visibility(p: Principal): SQL | undefined {
  const s = scopeOf(p);
  return s === 'all' ? undefined : s === 'none' ? sql`false` : eq(approvalRequests.createdBy, s.createdBy);
}

/** Which requests a list shows: all of the tenant's, one person's, or none (an API key without approvals:write). */
export type Scope = 'all' | 'none' | { createdBy: string };

export function scopeOf(p: Principal): Scope {
  if (p.permissions.has('approvals:write')) return 'all';
  return p.kind === 'user' ? { createdBy: p.userId } : 'none';
}

function filters(f: Pick<ListFilter, 'status' | 'entity_type'>): (SQL | undefined)[] {
  return [f.status ? sql`${statusSql} = ${f.status}` : undefined, f.entity_type ? eq(approvalRequests.entityType, f.entity_type) : undefined];
}

function selectDetailed(db: Awaited<ReturnType<BaseContext['db']>>, where: SQL | undefined) {
  return db
    .select({
      r: approvalRequests,
      status: statusSql,
      creator: { id: creator.id, email: creator.email, displayName: creator.displayName },
      decider: { id: decider.id, email: decider.email, displayName: decider.displayName },
    })
    .from(approvalRequests)
    .leftJoin(creator, eq(creator.id, approvalRequests.createdBy))
    .leftJoin(decider, eq(decider.id, approvalRequests.decisionBy))
    .where(where);
}

/** A page of the requests in `scope`, with the total of all matches (both in one round trip). */
export async function listRequests(ctx: ServiceContext, scope: Scope, f: ListFilter): Promise<{ rows: DetailedRequest[]; total: number }> {
  if (scope === 'none') return { rows: [], total: 0 };
  const where = ofTenant(approvalRequests.tenantId, tenantOf(ctx), scope === 'all' ? undefined : eq(approvalRequests.createdBy, scope.createdBy), ...filters(f));
  const db = await ctx.db();
  const [rows, [{ n } = { n: 0 }]] = await Promise.all([
    selectDetailed(db, where).orderBy(desc(approvalRequests.createdAt), desc(approvalRequests.id)).limit(f.limit).offset(f.offset),
    db.select({ n: count() }).from(approvalRequests).where(where),
  ]);
  return { rows, total: n };
}

/** The request `id` of the tenant, whoever may see it (the caller's visibility is applied by the service). */
export async function findRequest(ctx: ServiceContext, id: string): Promise<DetailedRequest | undefined> {
  const [d] = await selectDetailed(await ctx.db(), ofTenant(approvalRequests.tenantId, tenantOf(ctx), eq(approvalRequests.id, id)));
  return d;
}

/** Locks a request `p` may see for a decision (FOR UPDATE), with the status readers see. */
export async function lockVisible(ctx: ServiceContext, p: Principal, id: string): Promise<{ row: RequestRow; status: ApprovalStatus } | undefined> {
  const db = await ctx.db();
  const [found] = await db
    .select({ r: approvalRequests, status: statusSql })
    .from(approvalRequests)
    .where(ofTenant(approvalRequests.tenantId, tenantOf(ctx), eq(approvalRequests.id, id), visibility(p)))
    .for('update');
  return found && { row: found.r, status: found.status };
}

export async function settingsRows(ctx: BaseContext, tenantId: string, entityType?: ApprovalEntityType) {
  const db = await ctx.db();
  return db
    .select()
    .from(approvalSettings)
    .where(ofTenant(approvalSettings.tenantId, tenantId, entityType ? eq(approvalSettings.entityType, entityType) : undefined));
}

export type SettingsRow = Awaited<ReturnType<typeof settingsRows>>[number];
export type SettingsValues = Omit<typeof approvalSettings.$inferInsert, 'tenantId' | 'entityType'>;

export async function upsertSettings(ctx: ServiceContext, entityType: ApprovalEntityType, values: SettingsValues): Promise<SettingsRow> {
  const db = await ctx.db();
  const [row] = await db
    .insert(approvalSettings)
    .values({ tenantId: tenantOf(ctx), entityType, ...values })
    .onConflictDoUpdate({ target: [approvalSettings.tenantId, approvalSettings.entityType], set: { ...values, updatedAt: sql`now()` } })
    .returning();
  return row!;
}

/** A new pending request; undefined when the entity already has an open one (unique index). */
export async function insertRequest(ctx: BaseContext, r: Omit<typeof approvalRequests.$inferInsert, 'expiresAt'>, maxPendingDays: number): Promise<RequestRow | undefined> {
  const db = await ctx.db();
  const [created] = await db
    .insert(approvalRequests)
    .values({ ...r, expiresAt: sql`now() + make_interval(days => ${maxPendingDays})` })
    .onConflictDoNothing()
    .returning();
  return created;
}

export async function openRequestId(ctx: BaseContext, tenantId: string, entityType: ApprovalEntityType, entityId: string): Promise<string | undefined> {
  const db = await ctx.db();
  const [open] = await db
    .select({ id: approvalRequests.id })
    .from(approvalRequests)
    .where(ofTenant(approvalRequests.tenantId, tenantId, eq(approvalRequests.entityType, entityType), eq(approvalRequests.entityId, entityId), eq(approvalRequests.status, 'pending')));
  return open?.id;
}

/** Moves a pending request to `status`; undefined when it is no longer pending. */
export async function setDecision(
  ctx: BaseContext,
  row: RequestRow,
  d: { status: DecisionStatus; by: string | null; comment: string | null; rejectionReason: string | null },
): Promise<RequestRow | undefined> {
  const db = await ctx.db();
  const [updated] = await db
    .update(approvalRequests)
    .set({ status: d.status, decisionAt: sql`now()`, decisionBy: d.by, decisionComment: d.comment, rejectionReason: d.rejectionReason, updatedAt: sql`now()` })
    .where(ofTenant(approvalRequests.tenantId, row.tenantId, eq(approvalRequests.id, row.id), eq(approvalRequests.status, 'pending')))
    .returning();
  return updated;
}

/** Emails of the tenant's active owners and admins (people, not machine users), at most 50. */
export async function adminEmails(ctx: BaseContext, tenantId: string): Promise<string[]> {
  const db = await ctx.db();
  const rows = await db
    .select({ email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(ofTenant(memberships.tenantId, tenantId, eq(memberships.status, 'active'), inArray(memberships.role, ['owner', 'admin']), eq(users.kind, 'user')))
    .limit(50);
  return rows.map((r) => r.email);
}

export async function userContact(ctx: BaseContext, userId: string): Promise<{ email: string; name: string; kind: string } | undefined> {
  const db = await ctx.db();
  const [u] = await db.select({ email: users.email, kind: users.kind, name: sql<string>`coalesce(${users.displayName}, ${users.email})` }).from(users).where(eq(users.id, userId));
  return u;
}

/** A pending request of the tenant, locked (FOR UPDATE); empty when decided. */
export async function lockPending(ctx: BaseContext, tenantId: string, id: string): Promise<RequestRow[]> {
  const db = await ctx.db();
  return db.select().from(approvalRequests).where(ofTenant(approvalRequests.tenantId, tenantId, eq(approvalRequests.id, id), eq(approvalRequests.status, 'pending'))).for('update');
}

/** Platform-wide (cron): overdue pending requests, locked and skipped by concurrent runs. */
export async function lockOverdue(ctx: BaseContext, limit: number): Promise<RequestRow[]> {
  const db = await ctx.db();
  return db
    .select()
    .from(approvalRequests)
    .where(and(eq(approvalRequests.status, 'pending'), lte(approvalRequests.expiresAt, sql`now()`)))
    .orderBy(approvalRequests.expiresAt)
    .limit(limit)
    .for('update', { skipLocked: true });
}
