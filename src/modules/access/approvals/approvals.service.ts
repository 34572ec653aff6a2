// Approvals: per-tenant settings by entity type, requests and their state machine, the hook the
// spaces, resources and calendar areas call when they create an entity, and the registry through
// which those areas react to decisions.
//
// State machine: pending → approved | rejected | cancelled | expired. Decisions only from pending.
// A request is `expired` as soon as `expires_at` (created_at + max_pending_days) has passed: shown
// so when read, refused for decisions, and marked (with onDecision handlers run) by the cron job.
//
// Usage from another area, in the service that creates the entity (ctx.db() is the request's
// transaction):
//   const approval = await requestApprovalIfNeeded(ctx, { tenantId, entityType: 'space', entityId, entityName,
//     requestedBy: p.userId, role: p.role });
//   // approval.state === 'pending' → keep the entity inactive, store approval.requestId
//   onApprovalDecision('space', async (ctx, d) => { /* activate on 'approved', otherwise withdraw */ });
import type { BaseContext, JobContext, ServiceContext, UserPrincipal } from '../../../context';
import type { Role } from '../../../db/schema/accounts';
import { tenantOf } from '../../../db/tenant';
import { inTransaction } from '../../../db/tx';
import { ApiError, notFound } from '../../../lib/errors';
import { sendMessage } from '../../outbox/send';
import type { TemplateKey, TemplateVars } from '../../outbox/templates';
import {
  APPROVAL_ENTITY_TYPES,
  DEFAULT_CONFIG,
  type ApprovalEntityType,
  type ApprovalSetting,
  type DecisionStatus,
  type DetailedRequest,
  type ListFilter,
  type RequestRow,
  type SettingsPatch,
} from './approvals.model';
import * as q from './approvals.queries';

const toSetting = (entityType: ApprovalEntityType, r: q.SettingsRow | undefined): ApprovalSetting =>
  r
    ? {
        entity_type: entityType,
        requires_approval: r.requiresApproval,
        config: { auto_approve_roles: r.autoApproveRoles, max_pending_days: r.maxPendingDays, notify_admins: r.notifyAdmins, notify_creator_on_decision: r.notifyCreatorOnDecision },
      }
    : { entity_type: entityType, requires_approval: false, config: { ...DEFAULT_CONFIG, auto_approve_roles: [...DEFAULT_CONFIG.auto_approve_roles] } };

// ---- settings -----------------------------------------------------------------------------

/** Settings for every entity type (defaults where the tenant has none stored). */
export async function getSettings(ctx: BaseContext, tenantId: string): Promise<ApprovalSetting[]> {
  const rows = await q.settingsRows(ctx, tenantId);
  return APPROVAL_ENTITY_TYPES.map((t) => toSetting(t, rows.find((r) => r.entityType === t)));
}

export async function getSetting(ctx: BaseContext, tenantId: string, entityType: ApprovalEntityType): Promise<ApprovalSetting> {
  const [row] = await q.settingsRows(ctx, tenantId, entityType);
  return toSetting(entityType, row);
}

const MEMBERSHIP_ROLES: readonly string[] = ['owner', 'admin', 'manager', 'member', 'guest'];

/** Merges `patch` over the current settings of the caller's tenant (config keys not given are kept). */
export async function updateSetting(ctx: ServiceContext, entityType: ApprovalEntityType, patch: SettingsPatch): Promise<ApprovalSetting> {
  const fields: Record<string, string[]> = {};
  if (patch.requires_approval === undefined && (patch.config === undefined || Object.keys(patch.config).length === 0)) fields['(root)'] = ['Give at least one setting'];
  const bad = patch.config?.auto_approve_roles?.filter((r) => !MEMBERSHIP_ROLES.includes(r));
  if (bad?.length) fields['config.auto_approve_roles'] = [`Unknown roles: ${bad.join(', ')} (use ${MEMBERSHIP_ROLES.join(', ')})`];
  if (patch.config?.max_pending_days !== undefined && !Number.isInteger(patch.config.max_pending_days)) fields['config.max_pending_days'] = ['Must be a whole number of days'];
  if (Object.keys(fields).length) throw new ApiError('VALIDATION_ERROR', `Invalid body: ${Object.keys(fields).join(', ')}`, { location: 'body', fields });

  const cur = await getSetting(ctx, ctx.tenantId!, entityType);
  const cfg = { ...cur.config, ...patch.config };
  const row = await q.upsertSettings(ctx, entityType, {
    requiresApproval: patch.requires_approval ?? cur.requires_approval,
    autoApproveRoles: [...new Set(cfg.auto_approve_roles)],
    maxPendingDays: cfg.max_pending_days,
    notifyAdmins: cfg.notify_admins,
    notifyCreatorOnDecision: cfg.notify_creator_on_decision,
  });
  // One settings row per tenant and entity type: the entity type names it.
  ctx.audit({ action: 'approval_settings.update', resourceType: 'approval_settings', resourceId: entityType, details: { entityType, ...patch } });
  return toSetting(entityType, row);
}

// ---- decisions registry -------------------------------------------------------------------

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
/** Runs inside the decision's transaction (ctx.db()): a handler that throws undoes the decision. */
export type DecisionHandler = (ctx: BaseContext, decision: ApprovalDecision) => Promise<void>;

const handlers = new Map<ApprovalEntityType, DecisionHandler[]>();

/** Lets an area react to decisions on its entities (activate on approved, withdraw otherwise). Returns an unregister function. */
export function onApprovalDecision(entityType: ApprovalEntityType, handler: DecisionHandler): () => void {
  handlers.set(entityType, [...(handlers.get(entityType) ?? []), handler]);
  return () => handlers.set(entityType, (handlers.get(entityType) ?? []).filter((h) => h !== handler));
}

// ---- notifications ------------------------------------------------------------------------

/** Written to the outbox in the caller's transaction; delivered once it commits (requests and jobs alike). */
function notify<K extends TemplateKey>(ctx: BaseContext, tenantId: string, to: string, template: K, vars: TemplateVars[K], key: string) {
  return ctx.db().then((db) => sendMessage(ctx, db, { tenantId, channel: 'email', to, template, vars, idempotencyKey: key }));
}

const requestLink = (ctx: BaseContext, id: string) => `${ctx.config.appUrl}/approvals/${id}`;

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
 * The admins are notified (when `notify_admins`) once the transaction commits.
 */
export async function requestApprovalIfNeeded(ctx: BaseContext, need: ApprovalNeed): Promise<ApprovalOutcome> {
  const s = await getSetting(ctx, need.tenantId, need.entityType);
  if (!s.requires_approval || s.config.auto_approve_roles.includes(need.role)) return { state: 'approved' };
  const created = await q.insertRequest(
    ctx,
    { tenantId: need.tenantId, entityType: need.entityType, entityId: need.entityId, entityName: need.entityName ?? null, reason: need.reason ?? null, createdBy: need.requestedBy },
    s.config.max_pending_days,
  );
  if (!created) return { state: 'pending', requestId: (await q.openRequestId(ctx, need.tenantId, need.entityType, need.entityId))! };
  if (s.config.notify_admins) {
    const requester = await q.userContact(ctx, need.requestedBy);
    for (const email of await q.adminEmails(ctx, need.tenantId)) {
      await notify(ctx, need.tenantId, email, 'approval_requested', {
        entityType: need.entityType,
        entityName: need.entityName ?? undefined,
        requester: requester?.name,
        link: requestLink(ctx, created.id),
      }, `approval_requested:${created.id}:${email}`);
    }
  }
  return { state: 'pending', requestId: created.id };
}

// ---- decisions ----------------------------------------------------------------------------

/**
 * Moves a locked pending request to `status`, runs the area's handlers and notifies the creator.
 * The caller has checked who may decide; this checks the state (pending and not overdue).
 */
async function decide(ctx: BaseContext, row: RequestRow, status: DecisionStatus, by: string | null, extra: { comment?: string | null; rejectionReason?: string | null }): Promise<RequestRow> {
  const updated = await q.setDecision(ctx, row, { status, by: status === 'expired' ? null : by, comment: extra.comment ?? null, rejectionReason: extra.rejectionReason ?? null });
  if (!updated) throw new Error(`approval request ${row.id} is no longer pending`);
  for (const h of handlers.get(row.entityType) ?? []) {
    await h(ctx, { requestId: row.id, tenantId: row.tenantId, entityType: row.entityType, entityId: row.entityId, status, decidedBy: by, rejectionReason: extra.rejectionReason ?? null });
  }
  if (status === 'cancelled') return updated;
  const s = await getSetting(ctx, row.tenantId, row.entityType);
  if (!s.config.notify_creator_on_decision) return updated;
  const creator = await q.userContact(ctx, row.createdBy);
  if (creator?.kind === 'user') {
    await notify(ctx, row.tenantId, creator.email, 'approval_decided', {
      entityType: row.entityType,
      entityName: row.entityName ?? undefined,
      status,
      reason: extra.rejectionReason ?? undefined,
      link: requestLink(ctx, row.id),
    }, `approval_decided:${row.id}`);
  }
  return updated;
}

/** The owner and admin roles (and platform admins) may decide their own requests. */
const mayDecideOwn = (p: UserPrincipal) => p.role === 'owner' || p.role === 'admin' || p.isSystemAdmin;

/** An approver approves or rejects a pending request of their tenant. */
export async function decideRequest(ctx: ServiceContext, p: UserPrincipal, id: string, status: 'approved' | 'rejected', extra: { comment?: string; rejectionReason?: string }): Promise<RequestRow> {
  const found = await q.lockVisible(ctx, p, id);
  if (!found) throw notFound('Approval request');
  if (found.status !== 'pending') throw new ApiError('CONFLICT', `The request is ${found.status}; only pending requests can be decided`);
  if (found.row.createdBy === p.userId && !mayDecideOwn(p)) throw new ApiError('FORBIDDEN', 'You cannot decide your own request');
  const updated = await decide(ctx, found.row, status, p.userId, extra);
  ctx.audit({
    action: `approval.${status === 'approved' ? 'approve' : 'reject'}`,
    resourceType: 'approval_request',
    resourceId: id,
    details: { entityType: found.row.entityType, entityId: found.row.entityId, comment: extra.comment, rejectionReason: extra.rejectionReason },
  });
  return updated;
}

/** The requester withdraws their own pending request. */
export async function cancelRequest(ctx: ServiceContext, p: UserPrincipal, id: string, reason: string | null): Promise<void> {
  const found = await q.lockVisible(ctx, p, id);
  if (!found) throw notFound('Approval request');
  if (found.row.createdBy !== p.userId) throw new ApiError('FORBIDDEN', 'Only the requester can cancel a request; approvers reject it instead');
  if (found.status !== 'pending') throw new ApiError('CONFLICT', `The request is ${found.status}; only pending requests can be cancelled`);
  await decide(ctx, found.row, 'cancelled', p.userId, { comment: reason });
  ctx.audit({ action: 'approval.cancel', resourceType: 'approval_request', resourceId: id, details: { reason } });
}

/**
 * Another area withdraws a pending request of its entity (a resource detached while its move waits
 * for approval): cancelled, its handlers run; nothing happens when it is no longer pending.
 */
export async function withdrawRequest(ctx: BaseContext, tenantId: string, id: string, by: string | null, comment: string): Promise<void> {
  const [row] = await q.lockPending(ctx, tenantId, id);
  if (row) await decide(ctx, row, 'cancelled', by, { comment });
}

/**
 * The requests the caller may see (`own`: only their own), read with the caller check (one round
 * trip); `as` is who the credentials name. While the caller's permissions are not known yet, what
 * an approver sees and what anyone else sees are both read, and the one they allow is answered.
 */
export async function listRequests(ctx: ServiceContext, as: { userId?: string }, f: ListFilter, own = false): Promise<{ rows: DetailedRequest[]; total: number }> {
  const mine: q.Scope = as.userId ? { createdBy: as.userId } : 'none';
  if (own) return q.listRequests(ctx, mine, f);
  if (ctx.actor) return q.listRequests(ctx, q.scopeOf(ctx.actor), f);
  const [all, others, p] = await Promise.all([q.listRequests(ctx, 'all', f), q.listRequests(ctx, mine, f), ctx.principal()]);
  return q.scopeOf(p) === 'all' ? all : others;
}

/** A request the caller may see: approvers any of the tenant's, others their own (404 otherwise). */
export async function getRequest(ctx: ServiceContext, id: string): Promise<DetailedRequest> {
  const [d, p] = await Promise.all([q.findRequest(ctx, id), ctx.principal()]);
  const scope = q.scopeOf(p);
  if (!d || scope === 'none' || (scope !== 'all' && d.r.createdBy !== scope.createdBy)) throw notFound('Approval request');
  return d;
}

/** The settings of the caller's tenant, for every entity type. */
export const tenantSettings = (ctx: ServiceContext) => getSettings(ctx, tenantOf(ctx));

/** Cron: marks overdue pending requests `expired` and tells their areas. Idempotent; batches of `limit`. */
export function expireApprovals(ctx: JobContext, limit = 200): Promise<number> {
  return inTransaction(ctx, async (tx) => {
    const due = await q.lockOverdue(tx, limit);
    for (const row of due) await decide(tx, row, 'expired', null, {});
    return due.length;
  });
}
