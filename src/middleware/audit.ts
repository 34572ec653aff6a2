// Audit entries: who did what to which resource. The database middleware writes one for every
// successful mutating request; handlers may name the action and resource precisely.
import type { Context } from 'hono';
import { auditLogs } from '../db/schema/audit';
import type { Tx } from '../db/tx';
import type { Database } from '../db/client';
import type { AuditNote } from '../context/audit';
import type { AppEnv } from '../env';
import { clientIp, userAgent } from '../lib/request';

export type { AuditNote } from '../context/audit';

/** Names the audited action and resource of this request (merged over the defaults). */
export function setAudit(c: Context<AppEnv>, note: AuditNote): void {
  c.set('audit', { ...c.get('audit'), ...note });
}

/** Resource type from the path: /api/v1/secure/groups/{id}/members → "groups". */
function defaultResource(c: Context<AppEnv>): { type: string | null; id: string | null } {
  const parts = c.req.routePath.split('/').filter(Boolean).slice(3);
  const type = parts.find((p) => !p.startsWith(':')) ?? null;
  const params = c.req.param() as Record<string, string>;
  const id = params.id ?? Object.values(params)[0] ?? null;
  return { type, id };
}

/** Writes the request's audit entry; `status` when the handler writes it before its response exists. */
export async function writeAudit(db: Database | Tx, c: Context<AppEnv>, status?: number): Promise<void> {
  const note = c.get('audit') ?? {};
  const p = c.get('principal');
  const fallback = defaultResource(c);
  await db.insert(auditLogs).values({
    tenantId: note.tenantId ?? p?.tenantId ?? null,
    actorType: p ? (p.actorType ?? 'user') : note.actorId ? 'user' : 'anonymous',
    actorId: note.actorId ?? p?.actorId ?? null,
    action: note.action ?? `${c.req.method} ${c.req.routePath}`,
    resourceType: note.resourceType ?? fallback.type,
    resourceId: note.resourceId !== undefined ? note.resourceId : fallback.id,
    ipAddress: clientIp(c),
    userAgent: userAgent(c),
    requestId: c.get('requestId'),
    details: { status: status ?? c.res.status, ...note.details },
  });
}
