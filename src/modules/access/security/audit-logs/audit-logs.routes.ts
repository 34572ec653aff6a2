// GET /secure/audit-logs: the tenant's audit trail, newest first. The route and its filters.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../../contract/access';
import { contractRoute } from '../../../../http/route';
import { limitOffsetQuery } from '../../../../lib/pagination';
import { AUDIT_ACTOR_TYPES } from './audit-logs.model';

export const listQuery = z.object({
  actor_id: z.uuid().optional().openapi({ description: 'Who acted (user, API key or application account id)' }),
  user_id: z.uuid().optional().openapi({ description: 'Alias of actor_id' }),
  actor_type: z.enum(AUDIT_ACTOR_TYPES).optional(),
  action: z.string().min(1).max(100).optional().openapi({ description: 'Exact action, or a prefix ending in `*`' }),
  resource_type: z.string().min(1).max(100).optional(),
  resource_id: z.string().min(1).max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Entries at or after this time' }),
  to: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Entries at or before this time' }),
  ...limitOffsetQuery(50, 200),
});

export const list = contractRoute(contract.getSecureAuditLogs, {
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
  request: { query: listQuery },
});
