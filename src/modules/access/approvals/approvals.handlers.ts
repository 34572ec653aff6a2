// Approval handlers: read the validated input, call the service, shape the reference's answer.
import type { Handler } from '../../../http/handler';
import { noContent } from '../../../http/route';
import { userPrincipal, withCaller } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import type { ApprovalStatus, DetailedRequest, Person, RequestRow } from './approvals.model';
import type * as routes from './approvals.routes';
import * as service from './approvals.service';

const person = (u: Person | null) => (u ? { id: u.id, email: u.email, ...(u.displayName ? { display_name: u.displayName } : {}) } : undefined);

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

function toDetailed(d: DetailedRequest) {
  const out = toRequest(d.r, d.status);
  const c = person(d.creator);
  const dc = person(d.decider);
  if (c) out.creator = c;
  if (dc) out.decider = dc;
  return out;
}

export const list: Handler<typeof routes.list> = async (c) => {
  const f = c.req.valid('query');
  const { value: page } = await withCaller(c, (as) => service.listRequests(serviceContext(c), as, f));
  const { rows, total } = page;
  return c.json({ data: rows.map(toDetailed), total, limit: f.limit, offset: f.offset }, 200);
};

export const mine: Handler<typeof routes.mine> = async (c) => {
  const f = c.req.valid('query');
  // An API key has no requests of its own (userPrincipal refuses it): nothing is read for one.
  const { value: page } = await withCaller(c, (as) => service.listRequests(serviceContext(c), as, f, true));
  await userPrincipal(c);
  const { rows, total } = page;
  return c.json({ data: rows.map((d) => toRequest(d.r, d.status)), total }, 200);
};

export const get: Handler<typeof routes.get> = async (c) => {
  const d = await service.getRequest(serviceContext(c), c.req.valid('param').id);
  return c.json({ data: toDetailed(d) }, 200);
};

export const settings: Handler<typeof routes.settings> = async (c) => {
  return c.json({ data: await service.tenantSettings(serviceContext(c)) }, 200);
};

export const patchSettings: Handler<typeof routes.patchSettings> = async (c) => {
  await userPrincipal(c);
  const data = await service.updateSetting(serviceContext(c), c.req.valid('param').entityType, c.req.valid('json'));
  return c.json({ data }, 200);
};

export const approve: Handler<typeof routes.approve> = async (c) => {
  const body = c.req.valid('json');
  const updated = await service.decideRequest(serviceContext(c), await userPrincipal(c), c.req.valid('param').id, 'approved', { comment: body?.comment });
  return c.json({ data: toRequest(updated, updated.status), message: 'Request approved' }, 200);
};

export const reject: Handler<typeof routes.reject> = async (c) => {
  const body = c.req.valid('json');
  const updated = await service.decideRequest(serviceContext(c), await userPrincipal(c), c.req.valid('param').id, 'rejected', { rejectionReason: body.rejection_reason });
  return c.json({ data: toRequest(updated, updated.status), message: 'Request rejected' }, 200);
};

export const cancel: Handler<typeof routes.cancel> = async (c) => {
  const body = c.req.valid('json');
  await service.cancelRequest(serviceContext(c), await userPrincipal(c), c.req.valid('param').id, body?.reason ?? null);
  return noContent(c);
};
