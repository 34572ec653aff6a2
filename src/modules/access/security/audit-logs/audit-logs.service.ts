// The tenant's audit log: what a query may ask (an alias that agrees, an ordered time range).
import type { ServiceContext } from '../../../../context';
import { assertRange, invalid } from '../common';
import type { AuditLogFilter } from './audit-logs.model';
import * as q from './audit-logs.queries';

export function listAuditLogs(ctx: ServiceContext, f: AuditLogFilter) {
  if (f.actor_id && f.user_id && f.actor_id !== f.user_id) throw invalid('query', { user_id: ['conflicts with actor_id'] });
  assertRange(f);
  return q.listEntries(ctx, {
    actorId: f.actor_id ?? f.user_id,
    actorType: f.actor_type,
    action: f.action,
    resourceType: f.resource_type,
    resourceId: f.resource_id,
    from: f.from,
    to: f.to,
    limit: f.limit,
    offset: f.offset,
  });
}
