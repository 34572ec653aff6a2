// What the audit entry of a unit of work says. Types only.

export interface AuditNote {
  action?: string;
  resourceType?: string;
  resourceId?: string | null;
  details?: Record<string, unknown>;
  /** Acting tenant and user for public routes that create them (registration, invitations). */
  tenantId?: string;
  actorId?: string;
}
