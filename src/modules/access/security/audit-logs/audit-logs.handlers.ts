// Audit log handler: entries as the reference shapes them (actor and request in `details`).
import type { Handler } from '../../../../http/handler';
import { serviceContext } from '../../../../middleware/service-context';
import type { AuditLogRow } from './audit-logs.model';
import type * as routes from './audit-logs.routes';
import * as service from './audit-logs.service';
import { UUID } from '../../../../lib/uuid';


function toApi(r: AuditLogRow) {
  const uuidResource = r.resourceId && UUID.test(r.resourceId) ? r.resourceId : null;
  return {
    id: r.id,
    tenantId: r.tenantId!,
    user_id: r.actorType === 'user' || r.actorType === 'app_account' ? r.actorId : null,
    action: r.action,
    resource_type: r.resourceType ?? 'unknown',
    resource_id: uuidResource,
    details: {
      ...r.details,
      actor_type: r.actorType,
      actor_id: r.actorId,
      request_id: r.requestId,
      ...(r.resourceId && !uuidResource ? { resource_id: r.resourceId } : {}),
    },
    ip_address: r.ipAddress,
    user_agent: r.userAgent,
    created_at: r.createdAt.toISOString(),
  };
}

export const list: Handler<typeof routes.list> = async (c) => {
  const f = c.req.valid('query');
  const { rows, total } = await service.listAuditLogs(serviceContext(c), f);
  const data = rows.map(toApi);
  return c.json({ data, pagination: { total, limit: f.limit, offset: f.offset, hasMore: f.offset + data.length < total } }, 200);
};
