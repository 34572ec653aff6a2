// Approval requests (list, read, approve, reject, cancel, mine) and the tenant's approval settings.
import { z } from '@hono/zod-openapi';
import { count, desc, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import * as contract from '../../contract/access';
import { ROLES, users } from '../../db/schema/identity';
import { APPROVAL_ENTITY_TYPES, APPROVAL_STATUSES, approvalRequests, type ApprovalStatus } from '../../db/schema/invitations';
import type { Tx } from '../../db/tx';
import type { Database } from '../../db/client';
import { ofTenant } from '../../db/tx';
import { ApiError, notFound } from '../../lib/errors';
import { limitOffsetQuery, idParam } from '../../lib/pagination';
import { contractRoute, noContent } from '../../lib/route';
import { newRouter } from '../../lib/router';
import { setAudit } from '../../middleware/audit';
import { principal, userPrincipal, type Principal } from '../../middleware/auth';
import { decide, getSettings, updateSetting, type RequestRow } from './service';

const idParamSchema = idParam('Approval request id');
const listQuery = z.object({
  status: z.enum(APPROVAL_STATUSES).optional().openapi({ description: 'Only requests in this status' }),
  entity_type: z.enum(APPROVAL_ENTITY_TYPES).optional().openapi({ description: 'Only requests for this entity type' }),
  ...limitOffsetQuery(20, 100),
});

const creator = alias(users, 'creator');
const decider = alias(users, 'decider');

/** What readers see: a pending request past `expires_at` is expired (before the cron job marks it). */
const statusSql = sql<ApprovalStatus>`case when ${approvalRequests.status} = 'pending' and ${approvalRequests.expiresAt} <= now() then 'expired' else ${approvalRequests.status} end`;

const person = (u: { id: string; email: string; displayName: string | null } | null) =>
  u ? { id: u.id, email: u.email, ...(u.displayName ? { display_name: u.displayName } : {}) } : undefined;

function toRequest(r: RequestRow, status: ApprovalStatus) {
  const out: Record<string, unknown> = {
    id: r.id,
    tenantId: r.tenantId,
    entity_type: r.entityType,
    entity_id: r.entityId,
    status,
    expires_at: r.expiresAt.toISOString(),
    created_by: r.createdBy,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  };
  // The reference's fields are optional and not nullable: absent when unset.
  if (r.entityName !== null) out.entity_name = r.entityName;
  if (r.reason !== null) out.reason = r.reason;
  if (r.decisionAt) out.decision_at = r.decisionAt.toISOString();
  if (r.decisionBy) out.decision_by = r.decisionBy;
  if (r.rejectionReason !== null) out.rejection_reason = r.rejectionReason;
  return out;
}

function selectDetailed(db: Database | Tx, where: SQL | undefined) {
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

type Detailed = Awaited<ReturnType<typeof selectDetailed>>[number];
const toDetailed = (d: Detailed) => {
  const out = toRequest(d.r, d.status);
  const c = person(d.creator);
  const dc = person(d.decider);
  if (c) out.creator = c;
  if (dc) out.decider = dc;
  return out;
};

/** Approvers (approvals:write) see every request of the tenant; others only their own. */
function visibility(p: Principal): SQL | undefined {
  if (p.permissions.has('approvals:write')) return undefined;
  return p.kind === 'user' ? eq(approvalRequests.createdBy, p.userId) : sql`false`;
}

async function lockVisible(db: Database | Tx, p: Principal, id: string): Promise<{ row: RequestRow; status: ApprovalStatus }> {
  const [found] = await db
    .select({ r: approvalRequests, status: statusSql })
    .from(approvalRequests)
    .where(ofTenant(approvalRequests.tenantId, p.tenantId, eq(approvalRequests.id, id), visibility(p)))
    .for('update');
  if (!found) throw notFound('Approval request');
  return { row: found.r, status: found.status };
}

const VISIBILITY_DOC = 'Callers with `approvals:write` (approvers) see every request of the tenant; other callers see only the requests they created (others answer 404).';
const STATE_DOC =
  'States: pending → approved | rejected | cancelled | expired. A pending request whose `expires_at` (creation + the entity type\'s ' +
  '`max_pending_days`) has passed reads as `expired` at once (a cron job also marks it and informs the entity\'s area).';
const DECIDE_DOC =
  'Only pending requests can be decided (409 otherwise, including overdue ones). Callers need `approvals:write`; deciding one\'s own request ' +
  'is refused (403) unless the caller is the tenant\'s owner or admin (or a platform admin). The entity\'s area is told in the same transaction ' +
  '(e.g. the space becomes active), and the creator is emailed when `notify_creator_on_decision`.';

const list = contractRoute(contract.getSecureApprovals, {
  description: `Approval requests of the tenant, newest first, with \`creator\` and \`decider\`. Query: \`status\`, \`entity_type\`, \`limit\` 1..100 (default 20), \`offset\`; \`total\` counts every match. ${VISIBILITY_DOC} ${STATE_DOC}`,
  request: { query: listQuery },
  auth: { permission: 'approvals:read' },
});
const get = contractRoute(contract.getSecureApprovalsById, {
  description: `One approval request with \`creator\` and \`decider\`. ${VISIBILITY_DOC} ${STATE_DOC}`,
  request: { params: idParamSchema },
  auth: { permission: 'approvals:read' },
});
const approve = contractRoute(contract.postSecureApprovalsByIdApprove, {
  description: `Approves a pending request; \`comment\` (≤ 500) is kept with the decision and in the audit log. ${DECIDE_DOC}`,
  request: { params: idParamSchema },
  bodyOptional: true,
  auth: { permission: 'approvals:write', usersOnly: true },
  errors: [409],
});
const reject = contractRoute(contract.postSecureApprovalsByIdReject, {
  description: `Rejects a pending request with a \`rejection_reason\` (1..500). ${DECIDE_DOC}`,
  request: { params: idParamSchema },
  auth: { permission: 'approvals:write', usersOnly: true },
  errors: [409],
});
const cancel = contractRoute(contract.deleteSecureApprovalsById, {
  description:
    'Cancels a pending request. **Only its creator** may cancel (403 for others who can see it: approvers reject instead); ' +
    '`reason` (≤ 500, optional body) is kept. 409 when the request is no longer pending. 204.',
  request: { params: idParamSchema },
  bodyOptional: true,
  auth: { permission: 'approvals:read', usersOnly: true },
  errors: [409],
});
const mine = contractRoute(contract.getSecureMeApprovals, {
  description: `The caller's own approval requests, newest first. Query: \`status\`, \`entity_type\`, \`limit\` 1..100 (default 20), \`offset\`; \`total\` counts every match. ${STATE_DOC}`,
  request: { query: listQuery },
  auth: { permission: 'approvals:read', usersOnly: true },
});
const settings = contractRoute(contract.getSecureTenantApprovalSettings, {
  description:
    'Approval settings for `space`, `resource` and `calendar_entry` (always all three; defaults where never changed: ' +
    '`requires_approval` false, `auto_approve_roles` ["owner","admin"], `max_pending_days` 30, both notifications on).',
  auth: { permission: 'approvals:read' },
});
const entityTypeParam = z.object({ entityType: z.enum(APPROVAL_ENTITY_TYPES).openapi({ param: { name: 'entityType', in: 'path' }, description: 'space, resource or calendar_entry' }) });
const patchContract = contract.patchSecureTenantApprovalSettingsByEntityType;
const patchSettings = contractRoute({ ...patchContract, body: patchContract.body.openapi({ minProperties: 1 }) }, {
  description:
    'Changes the settings of one entity type; `config` keys not given are kept. At least one property (400 for an empty body). ' +
    '`auto_approve_roles` entries must be membership roles (owner, admin, manager, member, guest); `max_pending_days` an integer 1..365 ' +
    '(applies to requests created afterwards). Needs `approvals:write` **and** the owner or admin role (admin only, as the reference says).',
  request: { params: entityTypeParam },
  auth: { permission: 'approvals:write', usersOnly: true },
});

const VALID_ROLES = ROLES.filter((r) => r !== 'system_admin') as string[];

async function listFor(db: Database | Tx, where: SQL, limit: number, offset: number) {
  const rows = await selectDetailed(db, where).orderBy(desc(approvalRequests.createdAt), desc(approvalRequests.id)).limit(limit).offset(offset);
  const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(approvalRequests).where(where);
  return { rows, total: n };
}

function filters(q: z.infer<typeof listQuery>): SQL[] {
  return [q.status ? sql`${statusSql} = ${q.status}` : undefined, q.entity_type ? eq(approvalRequests.entityType, q.entity_type) : undefined].filter(Boolean) as SQL[];
}

async function decideRoute(c: Parameters<typeof principal>[0], id: string, status: 'approved' | 'rejected', extra: { comment?: string; rejectionReason?: string }) {
  const p = await userPrincipal(c);
  const db = await c.var.db();
  const { row, status: now } = await lockVisible(db, p, id);
  if (now !== 'pending') throw new ApiError('CONFLICT', `The request is ${now}; only pending requests can be decided`);
  if (row.createdBy === p.userId && !(p.role === 'owner' || p.role === 'admin' || p.isSystemAdmin)) {
    throw new ApiError('FORBIDDEN', 'You cannot decide your own request');
  }
  const updated = await decide(db, row, status, p.userId, { comment: extra.comment, rejectionReason: extra.rejectionReason }, c);
  setAudit(c, { action: `approval.${status === 'approved' ? 'approve' : 'reject'}`, resourceType: 'approval_request', resourceId: id, details: { entityType: row.entityType, entityId: row.entityId, comment: extra.comment, rejectionReason: extra.rejectionReason } });
  return toRequest(updated, updated.status);
}

export const approvalRoutes = newRouter()
  .openapi(list, async (c) => {
    const q = c.req.valid('query');
    const p = await principal(c);
    const db = await c.var.db();
    const { rows, total } = await listFor(db, ofTenant(approvalRequests.tenantId, p.tenantId, visibility(p), ...filters(q)), q.limit, q.offset);
    return c.json({ data: rows.map(toDetailed), total, limit: q.limit, offset: q.offset }, 200);
  })
  .openapi(mine, async (c) => {
    const q = c.req.valid('query');
    const p = await userPrincipal(c);
    const db = await c.var.db();
    const { rows, total } = await listFor(db, ofTenant(approvalRequests.tenantId, p.tenantId, eq(approvalRequests.createdBy, p.userId), ...filters(q)), q.limit, q.offset);
    return c.json({ data: rows.map((d) => toRequest(d.r, d.status)), total }, 200);
  })
  .openapi(settings, async (c) => {
    const p = await principal(c);
    const db = await c.var.db();
    return c.json({ data: await getSettings(db, p.tenantId) }, 200);
  })
  .openapi(patchSettings, async (c) => {
    const { entityType } = c.req.valid('param');
    const body = c.req.valid('json');
    const p = await userPrincipal(c);
    if (!(p.role === 'owner' || p.role === 'admin' || p.isSystemAdmin)) throw new ApiError('FORBIDDEN', 'Only owners and admins change approval settings');
    const fields: Record<string, string[]> = {};
    if (body.requires_approval === undefined && (body.config === undefined || Object.keys(body.config).length === 0)) fields['(root)'] = ['Give at least one setting'];
    const roles = body.config?.auto_approve_roles;
    const bad = roles?.filter((r) => !VALID_ROLES.includes(r));
    if (bad?.length) fields['config.auto_approve_roles'] = [`Unknown roles: ${bad.join(', ')} (use ${VALID_ROLES.join(', ')})`];
    if (body.config?.max_pending_days !== undefined && !Number.isInteger(body.config.max_pending_days)) fields['config.max_pending_days'] = ['Must be a whole number of days'];
    if (Object.keys(fields).length) throw new ApiError('VALIDATION_ERROR', `Invalid body: ${Object.keys(fields).join(', ')}`, { location: 'body', fields });
    const db = await c.var.db();
    const data = await updateSetting(db, p.tenantId, entityType, body);
    setAudit(c, { action: 'approval_settings.update', resourceType: 'approval_settings', resourceId: null, details: { entityType, ...body } });
    return c.json({ data }, 200);
  })
  .openapi(get, async (c) => {
    const { id } = c.req.valid('param');
    const p = await principal(c);
    const db = await c.var.db();
    const [d] = await selectDetailed(db, ofTenant(approvalRequests.tenantId, p.tenantId, eq(approvalRequests.id, id), visibility(p)));
    if (!d) throw notFound('Approval request');
    return c.json({ data: toDetailed(d) }, 200);
  })
  .openapi(approve, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const data = await decideRoute(c, id, 'approved', { comment: body?.comment });
    return c.json({ data, message: 'Request approved' }, 200);
  })
  .openapi(reject, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const data = await decideRoute(c, id, 'rejected', { rejectionReason: body.rejection_reason });
    return c.json({ data, message: 'Request rejected' }, 200);
  })
  .openapi(cancel, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const p = await userPrincipal(c);
    const db = await c.var.db();
    const { row, status } = await lockVisible(db, p, id);
    if (row.createdBy !== p.userId) throw new ApiError('FORBIDDEN', 'Only the requester can cancel a request; approvers reject it instead');
    if (status !== 'pending') throw new ApiError('CONFLICT', `The request is ${status}; only pending requests can be cancelled`);
    await decide(db, row, 'cancelled', p.userId, { comment: body?.reason ?? null }, c);
    setAudit(c, { action: 'approval.cancel', resourceType: 'approval_request', resourceId: id, details: { reason: body?.reason } });
    return noContent(c);
  });
