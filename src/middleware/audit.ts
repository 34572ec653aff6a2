// Audit entries: who did what to which resource. The database middleware writes one for every
// successful mutating request; handlers may name the action and resource precisely.
import type { Context } from 'hono';
import { auditLogs } from '../db/schema/access';
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

/** Routes that act on the caller's own account: with no id in the path, the entry names the caller. */
const OWN_ACCOUNT = /^\/api\/v1\/secure\/(auth|profile)\//;

/**
 * Resource from the path: /api/v1/secure/groups/{id}/members → "groups" and the id. A POST that
 * created something has no id in its path: the entry names what the answer names (`data.id`, or
 * `id` at the top as flow tasks answer), so every created entity can be found in the log.
 */
async function defaultResource(c: Context<AppEnv>): Promise<{ type: string | null; id: string | null }> {
  const parts = c.req.routePath.split('/').filter(Boolean).slice(3);
  const type = parts.find((p) => !p.startsWith(':')) ?? null;
  const params = c.req.param() as Record<string, string>;
  const id = params.id ?? Object.values(params)[0] ?? null;
  if (id) return { type, id };
  const p = c.get('principal');
  if (p?.kind === 'user' && OWN_ACCOUNT.test(c.req.routePath)) return { type: 'user', id: p.userId };
  return { type, id: await createdId(c) };
}

async function createdId(c: Context<AppEnv>): Promise<string | null> {
  if (c.req.method !== 'POST' || (c.res.status !== 200 && c.res.status !== 201)) return null;
  if (!c.res.headers.get('content-type')?.includes('application/json')) return null;
  try {
    const body = (await c.res.clone().json()) as { id?: unknown; data?: { id?: unknown } } | null;
    const id = body?.data?.id ?? body?.id;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}

/** Writes the request's audit entry; `status` when the handler writes it before its response exists. */
export async function writeAudit(db: Database | Tx, c: Context<AppEnv>, status?: number): Promise<void> {
  await db.insert(auditLogs).values(await auditEntry(c, status));
}

/** The audit entry's INSERT as SQL and parameters, to be sent with the unit of work's COMMIT (db/unit-of-work.ts). */
export async function auditStatement(db: Database, c: Context<AppEnv>): Promise<{ sql: string; params: unknown[] }> {
  return db.insert(auditLogs).values(await auditEntry(c)).toSQL();
}

async function auditEntry(c: Context<AppEnv>, status?: number): Promise<typeof auditLogs.$inferInsert> {
  const note = c.get('audit') ?? {};
  const p = c.get('principal');
  const named = note.resourceId !== undefined;
  const fallback = named && note.resourceType ? { type: null, id: null } : await defaultResource(c);
  return {
    // A `/tenants/{id}` route's entry belongs to the tenant it acted on (and its transaction runs as that tenant).
    tenantId: note.tenantId ?? c.get('targetTenantId') ?? p?.tenantId ?? null,
    // A public route names the account it identified (sign-in, sign-up, invitation accept).
    actorType: p ? (p.actorType ?? 'user') : note.actorId ? (note.actorType ?? 'user') : 'anonymous',
    actorId: note.actorId ?? p?.actorId ?? null,
    action: note.action ?? `${c.req.method} ${c.req.routePath}`,
    resourceType: note.resourceType ?? fallback.type,
    resourceId: named ? note.resourceId : fallback.id,
    ipAddress: clientIp(c),
    userAgent: userAgent(c),
    requestId: c.get('requestId'),
    details: { status: status ?? c.res.status, ...note.details },
  };
}
