// Security events for system administrators: what a filter may ask (an ordered time range, an
// address in any notation, matched in canonical form).
import type { BaseContext } from '../../../../context';
import { assertRange } from '../common';
import { requireIp } from '../ip';
import type { AuditFilter, EventFilter } from './events.model';
import * as q from './events.queries';

export function listEvents(ctx: BaseContext, f: EventFilter) {
  assertRange(f);
  return q.listEvents(ctx, { ...f, ip_address: f.ip_address ? requireIp(f.ip_address, 'query') : undefined });
}

export const metrics = (ctx: BaseContext) => q.metrics(ctx);

export function securityAudit(ctx: BaseContext, f: AuditFilter) {
  assertRange(f);
  return q.securityAudit(ctx, f);
}
