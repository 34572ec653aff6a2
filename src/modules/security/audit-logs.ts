// GET /secure/audit-logs: the tenant's audit trail, newest first.
import { z } from '@hono/zod-openapi';
import { and, count, desc, eq, gte, like, lte, type SQL } from 'drizzle-orm';
import * as contract from '../../contract/access';
import { AUDIT_ACTOR_TYPES, auditLogs } from '../../db/schema/audit';
import { ofTenant } from '../../db/tx';
import { ApiError } from '../../lib/errors';
import { limitOffsetQuery } from '../../lib/pagination';
import { contractRoute } from '../../http/route';
import { newRouter } from '../../http/router';
import { principal } from '../../middleware/auth';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const list = contractRoute(contract.getSecureAuditLogs, {
  description:
    'The tenant\'s audit log (one entry per mutating call: actor, action, resource, IP, user agent), newest first ' +
    '(`created_at`, then `id`, descending), with the total count. Filters combine with AND: `actor_id` (the user, API ' +
    'key or application account that acted; `user_id` is an alias), `actor_type`, `action` (exact, or a prefix ending ' +
    'in `*`, e.g. `group.*`), `resource_type`, `resource_id`, and `from` / `to` (inclusive bounds on `created_at`). ' +
    '`user_id` in an entry is the acting user or application account (null for API keys and the system); ' +
    '`details` also carries `actor_type`, `actor_id` and `request_id`. `resource_type` is `unknown` and `resource_id` ' +
    'null when the entry names none (a resource id that is not a UUID is kept in `details.resource_id`). ' +
    'Entries of other tenants are never visible. Needs audit:read.',
  auth: { permission: 'audit:read' },
  request: {
    query: z.object({
      actor_id: z.uuid().optional().openapi({ description: 'Who acted (user, API key or application account id)' }),
      user_id: z.uuid().optional().openapi({ description: 'Alias of actor_id' }),
      actor_type: z.enum(AUDIT_ACTOR_TYPES).optional(),
      action: z.string().min(1).max(100).optional().openapi({ description: 'Exact action, or a prefix ending in `*`' }),
      resource_type: z.string().min(1).max(100).optional(),
      resource_id: z.string().min(1).max(200).optional(),
      from: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Entries at or after this time' }),
      to: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Entries at or before this time' }),
      ...limitOffsetQuery(50, 200),
    }),
  },
});

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

export const auditLogRoutes = newRouter().openapi(list, async (c) => {
  const q = c.req.valid('query');
  if (q.actor_id && q.user_id && q.actor_id !== q.user_id) {
    throw new ApiError('VALIDATION_ERROR', 'Invalid query: user_id', { location: 'query', fields: { user_id: ['conflicts with actor_id'] } });
  }
  if (q.from && q.to && Date.parse(q.from) > Date.parse(q.to)) {
    throw new ApiError('VALIDATION_ERROR', 'Invalid query: from', { location: 'query', fields: { from: ['must not be after `to`'] } });
  }
  const p = await principal(c);
  const db = await c.var.db();
  const actor = q.actor_id ?? q.user_id;
  const filters: (SQL | undefined)[] = [
    actor ? eq(auditLogs.actorId, actor) : undefined,
    q.actor_type ? eq(auditLogs.actorType, q.actor_type) : undefined,
    q.action ? (q.action.endsWith('*') ? like(auditLogs.action, `${escapeLike(q.action.slice(0, -1))}%`) : eq(auditLogs.action, q.action)) : undefined,
    q.resource_type ? eq(auditLogs.resourceType, q.resource_type) : undefined,
    q.resource_id ? eq(auditLogs.resourceId, q.resource_id) : undefined,
    q.from ? gte(auditLogs.createdAt, new Date(q.from)) : undefined,
    q.to ? lte(auditLogs.createdAt, new Date(q.to)) : undefined,
  ];
  const where = ofTenant(auditLogs.tenantId, p.tenantId, ...filters);
  const [rows, [total]] = await Promise.all([
    db.select().from(auditLogs).where(where).orderBy(desc(auditLogs.createdAt), desc(auditLogs.id)).limit(q.limit).offset(q.offset),
    db.select({ n: count() }).from(auditLogs).where(and(where)),
  ]);
  const data = rows.map((r) => {
    const uuidResource = r.resourceId && UUID.test(r.resourceId) ? r.resourceId : null;
    return {
      id: r.id,
      tenantId: r.tenantId!,
      user_id: r.actorType === 'user' || r.actorType === 'app_account' ? r.actorId : null,
      action: r.action,
      resource_type: r.resourceType ?? 'unknown',
      resource_id: uuidResource,
      details: {
        ...r.details,
        actor_type: r.actorType,
        actor_id: r.actorId,
        request_id: r.requestId,
        ...(r.resourceId && !uuidResource ? { resource_id: r.resourceId } : {}),
      },
      ip_address: r.ipAddress,
      user_agent: r.userAgent,
      created_at: r.createdAt.toISOString(),
    };
  });
  const n = total?.n ?? 0;
  return c.json({ data, pagination: { total: n, limit: q.limit, offset: q.offset, hasMore: q.offset + data.length < n } }, 200);
});
