// The audit log vocabulary shared by routes, handlers and the service (no ORM for their importers).
export { AUDIT_ACTOR_TYPES, type AuditActorType } from '../../../../db/schema/access';
import type { auditLogs } from '../../../../db/schema/access';
import type { AuditActorType } from '../../../../db/schema/access';

export type AuditLogRow = typeof auditLogs.$inferSelect;

export interface AuditLogFilter {
  actor_id?: string;
  user_id?: string;
  actor_type?: AuditActorType;
  action?: string;
  resource_type?: string;
  resource_id?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}
