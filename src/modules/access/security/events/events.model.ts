// The security events vocabulary: severities, the kinds of the security audit log, the rows read.
import type { securityEvents } from '../../../../db/schema/access';

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const AUDIT_KINDS = ['login_failed', 'permission_denied', 'api_key_used', 'admin_action'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

export type SecurityEventRow = typeof securityEvents.$inferSelect;

export interface EventFilter {
  event_type?: string;
  severity?: (typeof SEVERITIES)[number];
  ip_address?: string;
  user_id?: string;
  tenant_id?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

export interface AuditFilter {
  eventType?: AuditKind;
  userId?: string;
  tenantId?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

/** One entry of the security audit log (a security event or an audit log entry). */
export interface AuditRow extends Record<string, unknown> {
  id: string;
  ts: string;
  kind: AuditKind;
  user_id: string | null;
  tenant_id: string | null;
  details: Record<string, unknown>;
}

export interface SecurityMetrics extends Record<string, unknown> {
  total: number;
  active: number;
  permanent: number;
  temporary: number;
  auto: number;
  events: number;
  by_type: Record<string, number>;
  by_severity: Record<string, number>;
}
