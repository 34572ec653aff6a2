// Tenant metrics: stored daily rows and monthly roll-ups, the live snapshot, quota warnings.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/tenants';
import { contractRoute } from '../../../http/route';
import { tenantParam } from '../settings/settings.routes';

const TARGET_DOC = 'The tenant must be the caller\'s own (platform administrators: any tenant); another tenant\'s id answers 404.';
const SOURCES =
  'Users: active memberships (`active`: seen in a session within 30 days). Spaces, resources and storage come from the areas that own ' +
  'them (0 until those exist). API calls: every authenticated request of the tenant, counted without a database write and stored by the ' +
  'hourly metrics job.';
const read = { permission: 'tenant:read' } as const;

export const daily = contractRoute(contract.getSecureTenantsByIdMetricsDaily, {
  description: `Daily rows, newest first, written hourly by the metrics job (kept 90 days). Query: \`days\` 1..90 (default 30). ${SOURCES} ${TARGET_DOC}`,
  request: { params: tenantParam, query: z.object({ days: z.coerce.number().int().min(1).max(90).default(30).openapi({ description: 'Days, 1..90 (default 30)' }) }) },
  auth: read,
});
export const monthly = contractRoute(contract.getSecureTenantsByIdMetricsMonthly, {
  description: `Monthly roll-ups (average and peak of the daily rows, total API calls), newest first (kept 12 months). Query: \`months\` 1..12 (default 12). ${TARGET_DOC}`,
  request: { params: tenantParam, query: z.object({ months: z.coerce.number().int().min(1).max(12).default(12).openapi({ description: 'Months, 1..12 (default 12)' }) }) },
  auth: read,
});
export const snapshot = contractRoute(contract.getSecureTenantsByIdMetricsSnapshot, {
  description: `The tenant's usage now (computed live). ${SOURCES} ${TARGET_DOC}`,
  request: { params: tenantParam },
  auth: read,
});
export const quotaWarnings = contractRoute(contract.getSecureTenantsByIdMetricsQuotaWarnings, {
  description:
    `Users, spaces, resources and storage (GB) at or above \`threshold\` percent (1..100, default 80) of the tenant's \`limits\` settings; ` +
    `unlimited (-1) ones never warn; \`exceeded\` once usage reaches the limit. ${TARGET_DOC}`,
  request: { params: tenantParam, query: z.object({ threshold: z.coerce.number().min(1).max(100).default(80).openapi({ description: 'Warning threshold in percent (default 80)' }) }) },
  auth: read,
});
