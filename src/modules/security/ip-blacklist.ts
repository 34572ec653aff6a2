// /system/security/ip-blacklist: manual and automatic IP blocks.
import { z } from '@hono/zod-openapi';
import { and, count, desc, eq, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import * as contract from '../../contract/access';
import { ipBlacklist } from '../../db/schema/security';
import { ApiError, notFound } from '../../lib/errors';
import { limitOffsetQuery, idParam } from '../../lib/pagination';
import { clientIp } from '../../lib/request';
import { contractRoute, noContent } from '../../http/route';
import { newRouter } from '../../http/router';
import { recordSecurityEvent } from '../../lib/security-events';
import { principal, userPrincipal } from '../../middleware/auth';
import { loadSnapshot, noteBlocked, noteUnblocked } from './blacklist-cache';
import { forgetFloodWindow } from './flood';
import { canonicalIp } from './ip';

type Entry = typeof ipBlacklist.$inferSelect;

const toApi = (e: Entry) => ({
  id: e.id,
  ip_address: e.ipAddress,
  reason: e.reason,
  blocked_at: e.blockedAt.toISOString(),
  expires_at: e.expiresAt?.toISOString() ?? null,
  auto_blocked: e.autoBlocked,
  failed_attempts: e.failedAttempts,
  created_at: e.createdAt.toISOString(),
  created_by: e.createdBy,
});

const ENFORCEMENT =
  'A blocked IP (the `CF-Connecting-IP` Cloudflare reports, compared in canonical form: IPv6 per RFC 5952, ' +
  'IPv4-mapped IPv6 as IPv4) gets 403 `FORBIDDEN` (`details.reason = IP_BLOCKED`) on every route before any ' +
  'other work. Each isolate checks against its copy of the active list: requests that use the database see ' +
  'changes within SECURITY_CACHE_SECONDS (default 5 s; at once in the isolate that made them); database-free ' +
  'requests (time zones, phone parsing) never pay a round trip for it and see changes once their isolate ' +
  'reloads its copy (in the background after the first such request that finds it older than 5 s).';

const idParams = idParam('Blacklist entry id');

const active = () => or(isNull(ipBlacklist.expiresAt), sql`${ipBlacklist.expiresAt} > now()`);

const list = contractRoute(contract.getSystemSecurityIpBlacklist, {
  description:
    'Blacklist entries, newest block first (`blocked_at`, then `id`, descending), with the total matching. ' +
    'Filters: `status` (`active`: permanent or not yet expired; `expired`; `all`, the default), `auto_blocked`, ' +
    `\`ip_address\` (exact, any notation). ${ENFORCEMENT} System administrators only.`,
  auth: { systemAdmin: true },
  request: {
    query: z.object({
      status: z.enum(['all', 'active', 'expired']).default('all'),
      auto_blocked: z.enum(['true', 'false']).optional(),
      ip_address: z.string().max(45).optional(),
      ...limitOffsetQuery(50, 500),
    }),
  },
});

const create = contractRoute(contract.postSystemSecurityIpBlacklist, {
  description:
    'Blocks an IPv4 or IPv6 address (single address; stored in canonical form). Without `expires_at` the block ' +
    'is permanent; `expires_at` must lie in the future. An address already actively blocked answers 409 with ' +
    '`details.id`; an expired entry for it is renewed (same id). Blocking the address you are calling from answers ' +
    `400 (you would lock yourself out). ${ENFORCEMENT} System administrators only.`,
  auth: { systemAdmin: true },
  errors: [409],
});

const one = contractRoute(contract.getSystemSecurityIpBlacklistById, {
  description: `One blacklist entry; 404 when unknown. System administrators only.`,
  auth: { systemAdmin: true },
  request: { params: idParams },
});

const update = contractRoute(contract.patchSystemSecurityIpBlacklistById, {
  description:
    'Changes the reason and/or expiry: `expires_at: null` makes the block permanent, a past time ends it (the ' +
    `entry stays for the record). ${ENFORCEMENT} System administrators only.`,
  auth: { systemAdmin: true },
  request: { params: idParams },
});

const remove = contractRoute(contract.deleteSystemSecurityIpBlacklistById, {
  description: `Unblocks the address by deleting its entry (204; 404 when unknown). ${ENFORCEMENT} System administrators only.`,
  auth: { systemAdmin: true },
  request: { params: idParams },
});

function futureDate(value: string, field: string): Date {
  const d = new Date(value);
  if (d.getTime() <= Date.now()) throw new ApiError('VALIDATION_ERROR', `Invalid body: ${field}`, { location: 'body', fields: { [field]: ['must be in the future'] } });
  return d;
}

export const ipBlacklistRoutes = newRouter()
  .openapi(list, async (c) => {
    const q = c.req.valid('query');
    await principal(c);
    const db = await c.var.db();
    let ip: string | undefined;
    if (q.ip_address) {
      const canon = canonicalIp(q.ip_address);
      if (!canon) throw new ApiError('VALIDATION_ERROR', 'Invalid query: ip_address', { location: 'query', fields: { ip_address: ['not an IPv4 or IPv6 address'] } });
      ip = canon;
    }
    const filters: (SQL | undefined)[] = [
      q.status === 'active' ? active() : q.status === 'expired' ? and(isNotNull(ipBlacklist.expiresAt), sql`${ipBlacklist.expiresAt} <= now()`) : undefined,
      q.auto_blocked ? eq(ipBlacklist.autoBlocked, q.auto_blocked === 'true') : undefined,
      ip ? eq(ipBlacklist.ipAddress, ip) : undefined,
    ];
    const where = and(...filters);
    const [rows, [total]] = await Promise.all([
      db.select().from(ipBlacklist).where(where).orderBy(desc(ipBlacklist.blockedAt), desc(ipBlacklist.id)).limit(q.limit).offset(q.offset),
      db.select({ n: count() }).from(ipBlacklist).where(where),
    ]);
    return c.json({ data: { entries: rows.map(toApi), total: total?.n ?? 0 } }, 200);
  })
  .openapi(create, async (c) => {
    const body = c.req.valid('json');
    const ip = canonicalIp(body.ip_address);
    if (!ip) throw new ApiError('VALIDATION_ERROR', 'Invalid body: ip_address', { location: 'body', fields: { ip_address: ['not an IPv4 or IPv6 address'] } });
    const expiresAt = body.expires_at ? futureDate(body.expires_at, 'expires_at') : null;
    const own = clientIp(c);
    if (own && canonicalIp(own) === ip) {
      throw new ApiError('VALIDATION_ERROR', 'Invalid body: ip_address', { location: 'body', fields: { ip_address: ['is the address you are calling from'] } });
    }
    const p = await userPrincipal(c);
    const db = await c.var.db();
    const values = { ipAddress: ip, reason: body.reason ?? null, expiresAt, autoBlocked: false, failedAttempts: 0, createdBy: p.userId };
    const [row] = await db
      .insert(ipBlacklist)
      .values(values)
      .onConflictDoUpdate({
        target: ipBlacklist.ipAddress,
        set: { ...values, blockedAt: sql`now()`, createdAt: sql`now()` },
        setWhere: and(isNotNull(ipBlacklist.expiresAt), sql`${ipBlacklist.expiresAt} <= now()`),
      })
      .returning();
    if (!row) {
      const [existing] = await db.select({ id: ipBlacklist.id }).from(ipBlacklist).where(eq(ipBlacklist.ipAddress, ip));
      throw new ApiError('CONFLICT', `${ip} is already blocked`, { id: existing?.id ?? null });
    }
    await loadSnapshot(db); // this isolate enforces the change at once
    noteBlocked(ip, row.expiresAt);
    await recordSecurityEvent(db, { eventType: 'ip_blocked', severity: 'medium', ipAddress: ip, userId: p.userId, details: { entryId: row.id, reason: row.reason, expiresAt: row.expiresAt?.toISOString() ?? null } });
    return c.json({ data: toApi(row) }, 201);
  })
  .openapi(one, async (c) => {
    const { id } = c.req.valid('param');
    await principal(c);
    const [row] = await (await c.var.db()).select().from(ipBlacklist).where(eq(ipBlacklist.id, id));
    if (!row) throw notFound('Blacklist entry');
    return c.json({ data: toApi(row) }, 200);
  })
  .openapi(update, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    await principal(c);
    const db = await c.var.db();
    const set: Partial<typeof ipBlacklist.$inferInsert> = {};
    if (body.reason !== undefined) set.reason = body.reason;
    if (body.expires_at !== undefined) set.expiresAt = body.expires_at === null ? null : new Date(body.expires_at);
    const [row] = Object.keys(set).length
      ? await db.update(ipBlacklist).set(set).where(eq(ipBlacklist.id, id)).returning()
      : await db.select().from(ipBlacklist).where(eq(ipBlacklist.id, id));
    if (!row) throw notFound('Blacklist entry');
    await loadSnapshot(db);
    noteBlocked(row.ipAddress, row.expiresAt);
    return c.json({ data: toApi(row) }, 200);
  })
  .openapi(remove, async (c) => {
    const { id } = c.req.valid('param');
    const p = await userPrincipal(c);
    const db = await c.var.db();
    const [row] = await db.delete(ipBlacklist).where(eq(ipBlacklist.id, id)).returning();
    if (!row) throw notFound('Blacklist entry');
    await loadSnapshot(db);
    noteUnblocked(row.ipAddress);
    forgetFloodWindow(row.ipAddress);
    await recordSecurityEvent(db, { eventType: 'ip_unblocked', severity: 'low', ipAddress: row.ipAddress, userId: p.userId, details: { entryId: row.id } });
    return noContent(c);
  });
