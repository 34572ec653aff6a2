// The caller's tenant's audit log entries (tenantOf): a filtered page and the total of all matches.
import { count, desc, eq, gte, like, lte, type SQL } from 'drizzle-orm';
import type { ServiceContext } from '../../../../context';
import { auditLogs } from '../../../../db/schema/access';
import { tenantOf } from '../../../../db/tenant';
import { ofTenant } from '../../../../db/tx';
import type { AuditActorType, AuditLogRow } from './audit-logs.model';

export interface EntryFilter {
  actorId?: string;
  actorType?: AuditActorType;
  /** Exact action, or `prefix*`. */
  action?: string;
  resourceType?: string;
  resourceId?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

export async function listEntries(ctx: ServiceContext, f: EntryFilter): Promise<{ rows: AuditLogRow[]; total: number }> {
  const filters: (SQL | undefined)[] = [
    f.actorId ? eq(auditLogs.actorId, f.actorId) : undefined,
    f.actorType ? eq(auditLogs.actorType, f.actorType) : undefined,
    f.action ? (f.action.endsWith('*') ? like(auditLogs.action, `${escapeLike(f.action.slice(0, -1))}%`) : eq(auditLogs.action, f.action)) : undefined,
    f.resourceType ? eq(auditLogs.resourceType, f.resourceType) : undefined,
    f.resourceId ? eq(auditLogs.resourceId, f.resourceId) : undefined,
    f.from ? gte(auditLogs.createdAt, new Date(f.from)) : undefined,
    f.to ? lte(auditLogs.createdAt, new Date(f.to)) : undefined,
  ];
  const where = ofTenant(auditLogs.tenantId, tenantOf(ctx), ...filters);
  const db = await ctx.db();
  const [rows, [total]] = await Promise.all([
    db.select().from(auditLogs).where(where).orderBy(desc(auditLogs.createdAt), desc(auditLogs.id)).limit(f.limit).offset(f.offset),
    db.select({ n: count() }).from(auditLogs).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}
