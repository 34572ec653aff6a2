// What the audit entry of a unit of work says. Types only.

export interface AuditNote {
  action?: string;
  resourceType?: string;
  resourceId?: string | null;
  details?: Record<string, unknown>;
  /** Acting tenant and user for public routes that create them (registration, invitations). */
  tenantId?: string;
  actorId?: string;
  /** What `actorId` is when no principal says so (an application account signing in). Default user. */
  actorType?: 'user' | 'app_account';
}
