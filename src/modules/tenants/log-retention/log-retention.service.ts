// Log retention: how long a tenant's audit log entries are kept (30, 60 or 90 days; 90 until the
// tenant chooses). The cron job deletes older entries, in batches, every minute.
import type { BaseContext, JobContext, ServiceContext, UserPrincipal } from '../../../context';
import { requireWritable, visibleTenant } from '../shared/visibility';
import * as q from './log-retention.queries';

export const DEFAULT_RETENTION_DAYS = 90;

export interface Policy {
  tenantId: string;
  retentionDays: number;
  createdAt: Date | null;
  updatedAt: Date | null;
}

const toPolicy = (tenantId: string, row: q.PolicyRow | undefined): Policy =>
  row ? { tenantId, retentionDays: row.retentionDays, createdAt: row.createdAt, updatedAt: row.updatedAt } : { tenantId, retentionDays: DEFAULT_RETENTION_DAYS, createdAt: null, updatedAt: null };

export async function getPolicy(ctx: BaseContext, tenantId: string): Promise<Policy> {
  return toPolicy(tenantId, await q.findPolicy(ctx, tenantId));
}

export async function setPolicy(ctx: ServiceContext, p: UserPrincipal, tenantId: string, days: 30 | 60 | 90): Promise<Policy> {
  requireWritable(await visibleTenant(ctx, p, tenantId, { lock: true }));
  const before = await q.findPolicy(ctx, tenantId);
  const row = await q.upsertPolicy(ctx, tenantId, days, p.userId);
  ctx.audit({ action: 'tenant.log_retention.update', resourceType: 'tenant', resourceId: tenantId, details: { from: before?.retentionDays ?? DEFAULT_RETENTION_DAYS, to: days } });
  return toPolicy(tenantId, row);
}

export const purgeExpired = (ctx: JobContext) => q.purgeExpired(ctx, DEFAULT_RETENTION_DAYS, 5000);
