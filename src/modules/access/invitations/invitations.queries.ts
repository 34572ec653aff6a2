// Invitations in Postgres. Tenant routes filter by the caller's tenant (tenantOf); the public
// routes find an invitation by the hash of its code; the cron job is platform-wide.
import { and, count, desc, eq, lte, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { BaseContext, ServiceContext } from '../../../context';
import type { Role } from '../../../db/schema/accounts';
import { memberships, tenants, users } from '../../../db/schema/accounts';
import { invitations } from '../../../db/schema/access';
import { outboxMessages } from '../../../db/schema/outbox';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import type { InvitationRow, InvitationStatus, InvitationValues, InvitationView, ListFilter } from './invitations.model';

const inviter = alias(users, 'inviter');

/** The status a reader sees (see invitations.model.ts). */
const statusSql = sql<InvitationStatus>`case
  when ${invitations.status} in ('accepted', 'revoked') then ${invitations.status}
  when ${invitations.status} = 'expired' or ${invitations.expiresAt} <= now() then 'expired'
  when ${outboxMessages.status} = 'failed' then 'failed'
  when ${invitations.openedAt} is not null then 'opened'
  when ${outboxMessages.status} = 'sent' then 'sent'
  else 'pending' end`;

const selection = {
  inv: invitations,
  status: statusSql,
  tenantName: tenants.name,
  inviterName: sql<string | null>`coalesce(${inviter.displayName}, ${inviter.email})`,
  sentAt: outboxMessages.sentAt,
};

function selectViews(db: Awaited<ReturnType<BaseContext['db']>>, where: SQL | undefined) {
  return db
    .select(selection)
    .from(invitations)
    .innerJoin(tenants, eq(tenants.id, invitations.tenantId))
    .leftJoin(inviter, eq(inviter.id, invitations.invitedBy))
    .leftJoin(outboxMessages, eq(outboxMessages.id, invitations.messageId))
    .where(where);
}

/** A page of the tenant's invitations (newest first), with the total of all matches. */
export async function listInvitations(ctx: ServiceContext, f: ListFilter): Promise<{ rows: InvitationView[]; total: number }> {
  const db = await ctx.db();
  const where = ofTenant(invitations.tenantId, tenantOf(ctx), f.status ? sql`${statusSql} = ${f.status}` : undefined);
  // Both in one round trip (with the caller check on the list route).
  const [rows, [{ n } = { n: 0 }]] = await Promise.all([
    selectViews(db, where).orderBy(desc(invitations.createdAt), desc(invitations.id)).limit(f.limit).offset(f.offset),
    db.select({ n: count() }).from(invitations).leftJoin(outboxMessages, eq(outboxMessages.id, invitations.messageId)).where(where),
  ]);
  return { rows, total: n };
}

/** The invitation `id` of the caller's tenant; `lock` takes its row FOR UPDATE. */
export async function findInvitation(ctx: ServiceContext, id: string, lock = false): Promise<InvitationView | undefined> {
  const q = selectViews(await ctx.db(), ofTenant(invitations.tenantId, tenantOf(ctx), eq(invitations.id, id)));
  const [view] = lock ? await q.for('update', { of: invitations }) : await q;
  return view;
}

/** The invitation whose code hashes to `codeHash` (any tenant); `lock` takes its row FOR UPDATE. */
export async function findByCode(ctx: BaseContext, codeHash: string, lock = false): Promise<InvitationView | undefined> {
  const q = selectViews(await ctx.db(), eq(invitations.codeHash, codeHash));
  const [view] = lock ? await q.for('update', { of: invitations }) : await q;
  return view;
}

/** Whether the email belongs to a member of the caller's tenant. */
export async function isMemberEmail(ctx: ServiceContext, email: string): Promise<boolean> {
  const db = await ctx.db();
  const [member] = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.tenantId, tenantOf(ctx))))
    .where(eq(users.email, email));
  return Boolean(member);
}

export async function insertInvitation(ctx: ServiceContext, values: Omit<InvitationValues, 'tenantId'>): Promise<InvitationRow> {
  const db = await ctx.db();
  const [inv] = await db
    .insert(invitations)
    .values({ tenantId: tenantOf(ctx), ...values })
    .returning();
  return inv!;
}

/** Resend: a new code (and channel, language, expiry), back to pending and unopened. */
export async function reissue(ctx: ServiceContext, id: string, set: Pick<InvitationValues, 'codeHash' | 'codeLast4' | 'channel' | 'language'> & { expiresAt?: Date }): Promise<InvitationRow> {
  const db = await ctx.db();
  const [u] = await db
    .update(invitations)
    .set({ ...set, status: 'pending', openedAt: null, updatedAt: sql`now()` })
    .where(ofTenant(invitations.tenantId, tenantOf(ctx), eq(invitations.id, id)))
    .returning();
  return u!;
}

export async function setMessage(ctx: BaseContext, inv: InvitationRow, messageId: string): Promise<void> {
  const db = await ctx.db();
  await db.update(invitations).set({ messageId }).where(ofTenant(invitations.tenantId, inv.tenantId, eq(invitations.id, inv.id)));
}

export async function revoke(ctx: ServiceContext, id: string): Promise<void> {
  const db = await ctx.db();
  await db.update(invitations).set({ status: 'revoked', revokedAt: sql`now()`, updatedAt: sql`now()` }).where(ofTenant(invitations.tenantId, tenantOf(ctx), eq(invitations.id, id)));
}

/** The first validation of a code marks the invitation opened. */
export async function markOpened(ctx: BaseContext, id: string): Promise<void> {
  const db = await ctx.db();
  await db.update(invitations).set({ openedAt: sql`now()` }).where(and(eq(invitations.id, id), sql`${invitations.openedAt} is null`));
}

/** The single-use step: only an open, unexpired invitation turns accepted. Whether it did. */
export async function markAccepted(ctx: BaseContext, id: string, userId: string): Promise<boolean> {
  const db = await ctx.db();
  const spent = await db
    .update(invitations)
    .set({ status: 'accepted', acceptedAt: sql`now()`, acceptedBy: userId, updatedAt: sql`now()` })
    .where(and(eq(invitations.id, id), eq(invitations.status, 'pending'), sql`${invitations.expiresAt} > now()`))
    .returning({ id: invitations.id });
  return spent.length > 0;
}

/** Platform-wide (cron): overdue pending invitations turn `expired`; how many did. */
export async function expireOverdue(ctx: BaseContext): Promise<number> {
  const db = await ctx.db();
  const rows = await db
    .update(invitations)
    .set({ status: 'expired', updatedAt: sql`now()` })
    .where(and(eq(invitations.status, 'pending'), lte(invitations.expiresAt, sql`now()`)))
    .returning({ id: invitations.id });
  return rows.length;
}

/** The same for one recipient in the caller's tenant (before creating a new invitation for them). */
export async function expireOverdueFor(ctx: ServiceContext, email: string | null, phone: string | null): Promise<void> {
  const who = [email ? eq(invitations.recipientEmail, email) : undefined, phone ? eq(invitations.recipientPhone, phone) : undefined].filter(Boolean) as SQL[];
  if (!who.length) return;
  const db = await ctx.db();
  await db
    .update(invitations)
    .set({ status: 'expired', updatedAt: sql`now()` })
    .where(and(eq(invitations.tenantId, tenantOf(ctx)), eq(invitations.status, 'pending'), lte(invitations.expiresAt, sql`now()`), sql`(${sql.join(who, sql` or `)})`));
}

/** The inviter's current role in the invitation's tenant (null when no longer an active member). */
export async function currentRole(ctx: BaseContext, userId: string, tenantId: string): Promise<{ role: Role | null; isSystemAdmin: boolean }> {
  const db = await ctx.db();
  const [row] = await db
    .select({ role: memberships.role, status: memberships.status, isSystemAdmin: users.isSystemAdmin })
    .from(users)
    .leftJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.tenantId, tenantId)))
    .where(eq(users.id, userId));
  return { role: row?.status === 'active' ? row.role : null, isSystemAdmin: row?.isSystemAdmin ?? false };
}

/** Postgres unique violation on one of the one-open-invitation indexes. */
export function isDuplicateOpen(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const code = e.code ?? e.cause?.code;
  const constraint = e.constraint ?? e.cause?.constraint ?? '';
  return code === '23505' && constraint.startsWith('invitations_pending_');
}
