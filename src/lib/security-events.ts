// Security events (failed sign-ins, blocks, token reuse, ...) feed the security area's metrics,
// automatic IP blocking and the security audit log.
import type { Database } from '../db/client';
import { securityEvents } from '../db/schema/access';
import type { Tx } from '../db/tx';

export interface SecurityEvent {
  eventType: string;
  severity?: 'low' | 'medium' | 'high' | 'critical';
  ipAddress?: string | null;
  userId?: string | null;
  tenantId?: string | null;
  details?: Record<string, unknown>;
}

export async function recordSecurityEvent(db: Database | Tx, event: SecurityEvent): Promise<void> {
  await db.insert(securityEvents).values({
    eventType: event.eventType,
    severity: event.severity ?? 'low',
    ipAddress: event.ipAddress ?? null,
    userId: event.userId ?? null,
    tenantId: event.tenantId ?? null,
    details: event.details ?? {},
  });
}
