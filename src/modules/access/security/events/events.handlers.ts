// Security event handlers: events, metrics and the security audit log as the reference shapes them.
import type { Handler } from '../../../../http/handler';
import { serviceContext } from '../../../../middleware/service-context';
import type { AuditRow, SecurityEventRow } from './events.model';
import type * as routes from './events.routes';
import * as service from './events.service';

const toEvent = (e: SecurityEventRow) => ({
  id: e.id,
  event_type: e.eventType,
  ip_address: e.ipAddress,
  user_id: e.userId,
  tenantId: e.tenantId,
  details: e.details,
  severity: e.severity,
  created_at: e.createdAt.toISOString(),
});

const toAuditEntry = (r: AuditRow) => ({
  id: r.id,
  timestamp: new Date(r.ts).toISOString(),
  eventType: r.kind,
  userId: r.user_id,
  tenantId: r.tenant_id,
  details: r.details,
});

export const events: Handler<typeof routes.events> = async (c) => {
  const f = c.req.valid('query');
  const { rows, total } = await service.listEvents(serviceContext(c), f);
  return c.json({ data: { events: rows.map(toEvent), total } }, 200);
};

export const metrics: Handler<typeof routes.metrics> = async (c) => {
  const r = await service.metrics(serviceContext(c));
  return c.json(
    {
      data: {
        total_blocked_ips: r.total,
        active_blocked_ips: r.active,
        permanent_blocks: r.permanent,
        temporary_blocks: r.temporary,
        auto_blocked_count: r.auto,
        events_last_24h: r.events,
        events_by_type: r.by_type,
        events_by_severity: r.by_severity,
      },
    },
    200,
  );
};

export const audit: Handler<typeof routes.audit> = async (c) => {
  const f = c.req.valid('query');
  const { rows, total } = await service.securityAudit(serviceContext(c), f);
  const data = rows.map(toAuditEntry);
  return c.json({ data, pagination: { total, limit: f.limit, offset: f.offset, hasMore: f.offset + data.length < total } }, 200);
};
