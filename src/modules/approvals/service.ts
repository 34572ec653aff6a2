// Approvals: per-tenant settings by entity type, requests and their state machine, the hook the
// spaces, resources and calendar areas call when they create an entity, and the registry through
// which those areas react to decisions.
//
// State machine: pending → approved | rejected | cancelled | expired. Decisions only from pending.
// A request is `expired` as soon as `expires_at` (created_at + max_pending_days) has passed: shown
// so when read, refused for decisions, and marked (with onDecision handlers run) by the cron job.
//
// Usage from another area, in the transaction that creates the entity:
//   const approval = await requestApprovalIfNeeded(tx, { tenantId, entityType: 'space', entityId, entityName,
//     requestedBy: p.userId, role: p.role }, c);
//   // approval.state === 'pending' → keep the entity inactive, store approval.requestId
//   onApprovalDecision('space', async (tx, d) => { /* activate on 'approved', otherwise withdraw */ });
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { authConfig } from '../../config';
import type { Database } from '../../db/client';
import { memberships, users, type Role } from '../../db/schema/identity';
import { APPROVAL_ENTITY_TYPES, approvalRequests, approvalSettings, type ApprovalEntityType, type ApprovalStatus } from '../../db/schema/invitations';
import type { Tx } from '../../db/tx';
import type { AppEnv, Env } from '../../env';
import { composeMessage, type TemplateKey, type TemplateVars } from '../outbox/templates';
import { enqueueMessage } from '../outbox/service';
import { sendMessage } from '../outbox/send';

type Db = Database | Tx;

export interface ApprovalConfig {
  auto_approve_roles: string[];
  max_pending_days: number;
  notify_admins: boolean;
  notify_creator_on_decision: boolean;
}
export interface ApprovalSetting {
  entity_type: ApprovalEntityType;
  requires_approval: boolean;
  config: ApprovalConfig;
}

export const DEFAULT_CONFIG: ApprovalConfig = { auto_approve_roles: ['owner', 'admin'], max_pending_days: 30, notify_admins: true, notify_creator_on_decision: true };

type SettingsRow = typeof approvalSettings.$inferSelect;
const toSetting = (entityType: ApprovalEntityType, r: SettingsRow | undefined): ApprovalSetting =>
  r
    ? {
        entity_type: entityType,
        requires_approval: r.requiresApproval,
        config: { auto_approve_roles: r.autoApproveRoles, max_pending_days: r.maxPendingDays, notify_admins: r.notifyAdmins, notify_creator_on_decision: r.notifyCreatorOnDecision },
      }
    : { entity_type: entityType, requires_approval: false, config: { ...DEFAULT_CONFIG, auto_approve_roles: [...DEFAULT_CONFIG.auto_approve_roles] } };

/** Settings for every entity type (defaults where the tenant has none stored). */
export async function getSettings(db: Db, tenantId: string): Promise<ApprovalSetting[]> {
  const rows = await db.select().from(approvalSettings).where(eq(approvalSettings.tenantId, tenantId));
  return APPROVAL_ENTITY_TYPES.map((t) => toSetting(t, rows.find((r) => r.entityType === t)));
}

export async function getSetting(db: Db, tenantId: string, entityType: ApprovalEntityType): Promise<ApprovalSetting> {
  const [row] = await db.select().from(approvalSettings).where(and(eq(approvalSettings.tenantId, tenantId), eq(approvalSettings.entityType, entityType)));
  return toSetting(entityType, row);
}

export interface SettingsPatch {
  requires_approval?: boolean;
  config?: Partial<ApprovalConfig>;
}

/** Merges `patch` over the current settings (config keys not given are kept). */
export async function updateSetting(db: Db, tenantId: string, entityType: ApprovalEntityType, patch: SettingsPatch): Promise<ApprovalSetting> {
  const cur = await getSetting(db, tenantId, entityType);
  const cfg = { ...cur.config, ...patch.config };
  const values = {
    requiresApproval: patch.requires_approval ?? cur.requires_approval,
    autoApproveRoles: [...new Set(cfg.auto_approve_roles)],
    maxPendingDays: cfg.max_pending_days,
    notifyAdmins: cfg.notify_admins,
    notifyCreatorOnDecision: cfg.notify_creator_on_decision,
    updatedAt: sql`now()`,
  };
  const [row] = await db
    .insert(approvalSettings)
    .values({ tenantId, entityType, ...values })
    .onConflictDoUpdate({ target: [approvalSettings.tenantId, approvalSettings.entityType], set: values })
    .returning();
  return toSetting(entityType, row);
}

// ---- decisions registry -------------------------------------------------------------------

export type DecisionStatus = Exclude<ApprovalStatus, 'pending'>;
export interface ApprovalDecision {
  requestId: string;
  tenantId: string;
  entityType: ApprovalEntityType;
  entityId: string;
  status: DecisionStatus;
  /** The approver (approved/rejected), the requester (cancelled), null (expired). */
  decidedBy: string | null;
  rejectionReason: string | null;
}
/** Runs inside the decision's transaction: a handler that throws undoes the decision. */
export type DecisionHandler = (db: Db, decision: ApprovalDecision) => Promise<void>;

const handlers = new Map<ApprovalEntityType, DecisionHandler[]>();

/** Lets an area react to decisions on its entities (activate on approved, withdraw otherwise). Returns an unregister function. */
export function onApprovalDecision(entityType: ApprovalEntityType, handler: DecisionHandler): () => void {
  handlers.set(entityType, [...(handlers.get(entityType) ?? []), handler]);
  return () => handlers.set(entityType, (handlers.get(entityType) ?? []).filter((h) => h !== handler));
}

async function runHandlers(db: Db, d: ApprovalDecision): Promise<void> {
  for (const h of handlers.get(d.entityType) ?? []) await h(db, d);
}

// ---- notifications ------------------------------------------------------------------------

/**
 * Where a notification is sent from: a request, or background work (cron) that has only the
 * Worker's bindings. Both read APP_URL the same way, so links point at the web app either way.
 */
export type Origin = Context<AppEnv> | { env: Env };

const isRequest = (o: Origin): o is Context<AppEnv> => 'req' in o;

async function notify<K extends TemplateKey>(from: Origin, db: Db, tenantId: string, to: string, template: K, vars: TemplateVars[K], key: string) {
  if (isRequest(from)) {
    await sendMessage(from, db, { tenantId, channel: 'email', to, template, vars, idempotencyKey: key });
    return;
  }
  // No request (cron): written to the outbox; the same cron run (or the next) delivers it.
  const text = composeMessage(template, 'email', vars);
  await enqueueMessage(db as Database, { tenantId, channel: 'email', recipient: to, template, subject: text.subject, body: text.body, html: text.html, payload: { ...vars }, idempotencyKey: key });
}

const requestLink = (from: Origin, id: string) => `${authConfig(from.env).appUrl}/approvals/${id}`;

// ---- the hook -----------------------------------------------------------------------------

export interface ApprovalNeed {
  tenantId: string;
  entityType: ApprovalEntityType;
  entityId: string;
  entityName?: string | null;
  /** The user creating the entity. */
  requestedBy: string;
  /** Their membership role in the tenant. */
  role: Role;
  /** Why the requester wants it (shown as `reason`). */
  reason?: string | null;
}

export type ApprovalOutcome = { state: 'approved'; requestId?: undefined } | { state: 'pending'; requestId: string };

/**
 * Called by the spaces, resources and calendar areas in the transaction that creates an entity.
 * `approved`: the tenant does not require approval for this type, or the creator's role is in
 * `auto_approve_roles` (no request is stored). `pending`: a request was created (or the entity's
 * open request is returned); keep the entity inactive until onApprovalDecision reports.
 * `from` is the request (or `{ env }` outside one): admins are notified (when `notify_admins`) after the request commits.
 */
export async function requestApprovalIfNeeded(db: Db, need: ApprovalNeed, from: Origin): Promise<ApprovalOutcome> {
  const s = await getSetting(db, need.tenantId, need.entityType);
  if (!s.requires_approval || s.config.auto_approve_roles.includes(need.role)) return { state: 'approved' };
  const [created] = await db
    .insert(approvalRequests)
    .values({
      tenantId: need.tenantId,
      entityType: need.entityType,
      entityId: need.entityId,
      entityName: need.entityName ?? null,
      reason: need.reason ?? null,
      createdBy: need.requestedBy,
      expiresAt: sql`now() + make_interval(days => ${s.config.max_pending_days})`,
    })
    .onConflictDoNothing()
    .returning();
  if (!created) {
    const [open] = await db
      .select({ id: approvalRequests.id })
      .from(approvalRequests)
      .where(and(eq(approvalRequests.tenantId, need.tenantId), eq(approvalRequests.entityType, need.entityType), eq(approvalRequests.entityId, need.entityId), eq(approvalRequests.status, 'pending')));
    return { state: 'pending', requestId: open!.id };
  }
  if (s.config.notify_admins) {
    const admins = await db
      .select({ email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.tenantId, need.tenantId), eq(memberships.status, 'active'), inArray(memberships.role, ['owner', 'admin']), eq(users.kind, 'user')))
      .limit(50);
    const [requester] = await db.select({ name: sql<string>`coalesce(${users.displayName}, ${users.email})` }).from(users).where(eq(users.id, need.requestedBy));
    for (const a of admins) {
      await notify(from, db, need.tenantId, a.email, 'approval_requested', {
        entityType: need.entityType,
        entityName: need.entityName ?? undefined,
        requester: requester?.name,
        link: requestLink(from, created.id),
      }, `approval_requested:${created.id}:${a.email}`);
    }
  }
  return { state: 'pending', requestId: created.id };
}

// ---- decisions ----------------------------------------------------------------------------

export type RequestRow = typeof approvalRequests.$inferSelect;

/**
 * Moves a locked pending request to `status`, runs the area's handlers and notifies the creator.
 * The caller has checked who may decide; this checks the state (pending and not overdue).
 */
export async function decide(
  db: Db,
  row: RequestRow,
  status: DecisionStatus,
  by: string | null,
  extra: { comment?: string | null; rejectionReason?: string | null },
  from: Origin,
): Promise<RequestRow> {
  const [updated] = await db
    .update(approvalRequests)
    .set({
      status,
      decisionAt: sql`now()`,
      decisionBy: status === 'expired' ? null : by,
      decisionComment: extra.comment ?? null,
      rejectionReason: extra.rejectionReason ?? null,
      updatedAt: sql`now()`,
    })
    .where(and(eq(approvalRequests.id, row.id), eq(approvalRequests.status, 'pending')))
    .returning();
  if (!updated) throw new Error(`approval request ${row.id} is no longer pending`);
  await runHandlers(db, {
    requestId: row.id,
    tenantId: row.tenantId,
    entityType: row.entityType,
    entityId: row.entityId,
    status,
    decidedBy: by,
    rejectionReason: extra.rejectionReason ?? null,
  });
  if (status !== 'cancelled') {
    const s = await getSetting(db, row.tenantId, row.entityType);
    if (s.config.notify_creator_on_decision) {
      const [creator] = await db.select({ email: users.email, kind: users.kind }).from(users).where(eq(users.id, row.createdBy));
      if (creator?.kind === 'user') {
        await notify(from, db, row.tenantId, creator.email, 'approval_decided', {
          entityType: row.entityType,
          entityName: row.entityName ?? undefined,
          status,
          reason: extra.rejectionReason ?? undefined,
          link: requestLink(from, row.id),
        }, `approval_decided:${row.id}`);
      }
    }
  }
  return updated;
}

/** Cron: marks overdue pending requests `expired` and tells their areas. Idempotent; batches of `limit`. */
export async function expireApprovals(db: Database, env: Env, limit = 200): Promise<number> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(approvalRequests)
      .where(and(eq(approvalRequests.status, 'pending'), lte(approvalRequests.expiresAt, sql`now()`)))
      .orderBy(approvalRequests.expiresAt)
      .limit(limit)
      .for('update', { skipLocked: true });
    for (const row of due) await decide(tx, row, 'expired', null, {}, { env });
    return due.length;
  });
}

/** The status a reader sees: pending past its expiry reads as expired. */
export const effectiveStatus = (r: Pick<RequestRow, 'status' | 'expiresAt'>): ApprovalStatus =>
  r.status === 'pending' && r.expiresAt.getTime() <= Date.now() ? 'expired' : r.status;
