// Move requests in Postgres: every request-path statement filtered by the caller's tenant; the
// approvals hook and the expiry job name the tenant (or scan all, for the job) themselves.
import { and, desc, eq, lte, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { BaseContext, ServiceContext } from '../../../context';
import { users } from '../../../db/schema/accounts';
import { approvalRequests } from '../../../db/schema/access';
import { resourceMoveRequests as moves } from '../../../db/schema/resource-moves';
import { resourceMembers, resources } from '../../../db/schema/resources';
import { spaceMembers, spaces } from '../../../db/schema/spaces';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import type { Permission } from '../../../lib/permissions';
import { writesAllSql } from '../shared/ordering.queries';
import type { MoveCaller, MoveFilter, MoveRead, MoveRow, MoveStatus } from './resource-moves.model';
import { spaceManagerSql } from '../shared/membership.queries';

const source = alias(spaces, 'source_space');
const target = alias(spaces, 'target_space');

/** What readers see: a pending request past its expiry is expired (the job marks it soon after). */
const statusSql = sql<MoveStatus>`case when ${moves.status} = 'pending' and ${moves.expiresAt} <= now() then 'expired' else ${moves.status} end`;

const readColumns = {
  row: moves,
  status: statusSql,
  resourceName: resources.name,
  sourceSpaceName: source.name,
  targetSpaceName: target.name,
  requestedByEmail: users.email,
};

function selectRead(db: Awaited<ReturnType<BaseContext['db']>>, where: SQL | undefined) {
  return db
    .select(readColumns)
    .from(moves)
    .leftJoin(resources, eq(resources.id, moves.resourceId))
    .leftJoin(source, eq(source.id, moves.sourceSpaceId))
    .leftJoin(target, eq(target.id, moves.targetSpaceId))
    .leftJoin(users, eq(users.id, moves.requestedBy))
    .where(where);
}

/** Requests the caller may see: their own, tenant-wide resource writers all, approvers the resource-mode ones, managers of the target space or the resource theirs. */
function visibleSql(c: MoveCaller, t: string): SQL | undefined {
  const held = (perm: string): SQL | boolean => (c.permissions ? c.permissions.has(perm) : c.userId ? writesAllSql(perm as Permission, c.userId, sql`${t}::uuid`) : false);
  const writesAll = held('resources:write');
  if (writesAll === true) return undefined;
  const approver = held('approvals:write');
  const parts: SQL[] = [];
  if (writesAll) parts.push(writesAll);
  if (approver === true) parts.push(sql`${moves.approvalMode} = 'resource'`);
  else if (approver) parts.push(sql`(${moves.approvalMode} = 'resource' and ${approver})`);
  if (c.userId) {
    parts.push(eq(moves.requestedBy, c.userId));
    parts.push(spaceManagerSql(moves.targetSpaceId, c.userId));
    parts.push(sql`exists (select 1 from ${resourceMembers} rm where rm.resource_id = ${moves.resourceId} and rm.user_id = ${c.userId} and rm.role in ('admin', 'manager'))`);
  }
  return parts.length ? sql`(${sql.join(parts, sql` or `)})` : sql`false`;
}

export async function listMoves(ctx: ServiceContext, c: MoveCaller, f: MoveFilter): Promise<MoveRead[]> {
  const t = tenantOf(ctx);
  const db = await ctx.db();
  return selectRead(db, ofTenant(moves.tenantId, t, visibleSql(c, t), f.status ? sql`${statusSql} = ${f.status}` : undefined, f.resourceId ? eq(moves.resourceId, f.resourceId) : undefined))
    .orderBy(desc(moves.createdAt), desc(moves.id))
    .limit(f.limit)
    .offset(f.offset);
}

export async function findMove(ctx: BaseContext, tenantId: string, id: string): Promise<MoveRead | undefined> {
  const [r] = await selectRead(await ctx.db(), ofTenant(moves.tenantId, tenantId, eq(moves.id, id)));
  return r;
}

/** The tenant's space `id` (key-share locked: it cannot go while the move is written). */
export async function lockSpace(ctx: ServiceContext, id: string): Promise<{ id: string; name: string } | undefined> {
  const db = await ctx.db();
  const [s] = await db.select({ id: spaces.id, name: spaces.name }).from(spaces).where(ofTenant(spaces.tenantId, tenantOf(ctx), eq(spaces.id, id))).for('key share');
  return s;
}

export async function managesSpace(ctx: ServiceContext, spaceId: string, userId: string): Promise<boolean> {
  const db = await ctx.db();
  const [r] = await db.select({ id: spaceMembers.id }).from(spaceMembers).where(ofTenant(spaceMembers.tenantId, tenantOf(ctx), eq(spaceMembers.spaceId, spaceId), eq(spaceMembers.userId, userId), eq(spaceMembers.role, 'manager')));
  return Boolean(r);
}

/** A new request; undefined when the resource already has an open one (partial unique index). */
export async function insertMove(ctx: ServiceContext, values: Omit<typeof moves.$inferInsert, 'tenantId' | 'expiresAt'> & { expiresAt: Date | SQL }): Promise<MoveRow | undefined> {
  const db = await ctx.db();
  const [row] = await db.insert(moves).values({ ...values, tenantId: tenantOf(ctx) }).onConflictDoNothing().returning();
  return row;
}

export async function approvalExpiry(ctx: ServiceContext, approvalRequestId: string): Promise<Date | undefined> {
  const db = await ctx.db();
  const [r] = await db.select({ at: approvalRequests.expiresAt }).from(approvalRequests).where(ofTenant(approvalRequests.tenantId, tenantOf(ctx), eq(approvalRequests.id, approvalRequestId)));
  return r?.at;
}

/** Locks a request for a decision, with the status readers see. */
export async function lockMove(ctx: ServiceContext, id: string): Promise<{ row: MoveRow; status: MoveStatus } | undefined> {
  const db = await ctx.db();
  const [r] = await db.select({ row: moves, status: statusSql }).from(moves).where(ofTenant(moves.tenantId, tenantOf(ctx), eq(moves.id, id))).for('update');
  return r;
}

/** The pending request an approval request decides (the approvals hook), locked. */
export async function lockByApproval(ctx: BaseContext, tenantId: string, approvalRequestId: string): Promise<MoveRow | undefined> {
  const db = await ctx.db();
  const [r] = await db.select().from(moves).where(ofTenant(moves.tenantId, tenantId, eq(moves.approvalRequestId, approvalRequestId), eq(moves.status, 'pending'))).for('update');
  return r;
}

/** Closes a pending request (`approved` also stamps completion). */
export async function closeMove(ctx: BaseContext, tenantId: string, id: string, status: Exclude<MoveStatus, 'pending'>, extra: { approvedBy?: string | null; rejectionReason?: string | null } = {}): Promise<MoveRow | undefined> {
  const db = await ctx.db();
  const [r] = await db
    .update(moves)
    .set({ status, processedAt: sql`now()`, updatedAt: sql`now()`, ...(status === 'approved' && { completedAt: sql`now()`, approvedBy: extra.approvedBy ?? null }), ...(extra.rejectionReason && { rejectionReason: extra.rejectionReason }) })
    .where(ofTenant(moves.tenantId, tenantId, eq(moves.id, id), eq(moves.status, 'pending')))
    .returning();
  return r;
}

/** Puts the resource into `to` if it is still in `from`; false when it has left meanwhile. */
export async function placeResource(ctx: BaseContext, tenantId: string, resourceId: string, from: string, to: string): Promise<boolean> {
  const db = await ctx.db();
  const done = await db.update(resources).set({ spaceId: to, updatedAt: sql`now()` }).where(ofTenant(resources.tenantId, tenantId, eq(resources.id, resourceId), eq(resources.spaceId, from))).returning({ id: resources.id });
  return done.length > 0;
}

export async function detachResource(ctx: ServiceContext, resourceId: string): Promise<void> {
  const db = await ctx.db();
  await db.update(resources).set({ spaceId: null, updatedAt: sql`now()` }).where(ofTenant(resources.tenantId, tenantOf(ctx), eq(resources.id, resourceId)));
}

export async function openMoveOf(ctx: ServiceContext, resourceId: string): Promise<MoveRow | undefined> {
  const db = await ctx.db();
  const [r] = await db.select().from(moves).where(ofTenant(moves.tenantId, tenantOf(ctx), eq(moves.resourceId, resourceId), eq(moves.status, 'pending'))).for('update');
  return r;
}

/** Platform-wide (cron): overdue target-space requests (resource-mode ones follow their approval request), locked, skipped by concurrent runs. */
export async function lockOverdue(ctx: BaseContext, limit: number): Promise<MoveRow[]> {
  const db = await ctx.db();
  return db
    .select()
    .from(moves)
    .where(and(eq(moves.status, 'pending'), eq(moves.approvalMode, 'target_space'), lte(moves.expiresAt, sql`now()`)))
    .orderBy(moves.expiresAt)
    .limit(limit)
    .for('update', { skipLocked: true });
}
