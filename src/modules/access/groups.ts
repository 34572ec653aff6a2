// Groups of the caller's tenant: named permission sets granted to their members. A change takes
// effect on the members' next request (middleware/auth.ts loads group permissions per request).
import { z } from '@hono/zod-openapi';
import { asc, count, eq, ilike, sql } from 'drizzle-orm';
import * as contract from '../../contract/access';
import { groupMembers, groups, users } from '../../db/schema/identity';
import type { Database } from '../../db/client';
import { ofTenant, type Tx } from '../../db/tx';
import { ApiError, notFound } from '../../lib/errors';
import { limitOffsetQuery, idParam } from '../../lib/pagination';
import { contractRoute, noContent } from '../../http/route';
import { newRouter } from '../../http/router';
import { principal } from '../../middleware/auth';
import { userContext } from '../accounts/sign-in';
import { validGrants } from './group-rules';
import { likePattern, requireMember } from './members';

const idParamSchema = idParam('Group id');
const RULES =
  '`permissions` are codes from the catalog (`GET /api/v1/secure/iam/` lists it): unknown codes, or `system:admin` ' +
  '(never granted by a group), answer 400 listing them in `details.unknownPermissions` / `details.notGrantable`; ' +
  'adding a code the caller does not hold answers 403 (no escalation through a group). Duplicates are dropped. ' +
  'Changes apply to the members’ very next request.';

type GroupRow = typeof groups.$inferSelect;
export const toGroup = (g: GroupRow) => ({
  id: g.id,
  tenantId: g.tenantId,
  name: g.name,
  description: g.description,
  permissions: g.permissions,
  created_at: g.createdAt.toISOString(),
  updated_at: g.updatedAt.toISOString(),
});

export async function requireGroup(db: Database | Tx, tenantId: string, id: string): Promise<GroupRow> {
  const [g] = await db.select().from(groups).where(ofTenant(groups.tenantId, tenantId, eq(groups.id, id)));
  if (!g) throw notFound('Group');
  return g;
}

const isUniqueViolation = (e: unknown) => {
  const err = e as { code?: string; cause?: { code?: string } };
  return err?.code === '23505' || err?.cause?.code === '23505';
};
const nameTaken = (name: string) => new ApiError('CONFLICT', `A group named "${name}" already exists in this tenant`);

const list = contractRoute(contract.getSecureGroups, {
  description:
    'Groups of the caller’s tenant ordered by name then id. `search` matches the name (case-insensitive substring), ' +
    '`userId` keeps the groups that user is a member of. `limit` 1..200 (default 50), `offset`; `pagination.total` ' +
    'counts every match. Tag, category and date filters arrive with the taxonomy area. Needs `groups:read`.',
  request: {
    query: z.object({
      ...limitOffsetQuery(50, 200),
      search: z.string().trim().max(200).optional().openapi({ description: 'Substring of the name' }),
      userId: z.uuid().optional().openapi({ description: 'Only groups this user belongs to' }),
    }),
  },
  auth: { permission: 'groups:read' },
});
const create = contractRoute(contract.postSecureGroupsCreate, {
  description: `Creates a group in the caller’s tenant. Names are unique per tenant (409). ${RULES} Needs \`groups:write\`.`,
  auth: { permission: 'groups:write' },
  errors: [409],
});
const get = contractRoute(contract.getSecureGroupsById, {
  description: 'A group of the caller’s tenant; 404 for ids of other tenants. Needs `groups:read`.',
  request: { params: idParamSchema },
  auth: { permission: 'groups:read' },
});
const put = contractRoute(contract.putSecureGroupsById, {
  description: `Updates the given fields (all optional; \`permissions\` replaces the list). ${RULES} 409 on a name taken in the tenant. Needs \`groups:write\`.`,
  request: { params: idParamSchema },
  auth: { permission: 'groups:write' },
  errors: [409],
});
const del = contractRoute(contract.deleteSecureGroupsById, {
  description: 'Deletes a group and its memberships; its members lose its permissions on their next request. 204. Needs `groups:write`.',
  request: { params: idParamSchema },
  auth: { permission: 'groups:write' },
});

const members = contractRoute(contract.getSecureGroupsByIdMembers, {
  description:
    'Members of a group ordered by email then id; `created_at` is when they joined the group. `limit` 1..1000 (default ' +
    '1000) and `offset` bound the list (the reference defines no pagination object here). Needs `groups:read`.',
  request: { params: idParamSchema, query: z.object(limitOffsetQuery(1000, 1000)) },
  auth: { permission: 'groups:read' },
});
const addMember = contractRoute(contract.postSecureGroupsByIdMembers, {
  description:
    'Adds a member of the caller’s tenant to the group (204; adding an existing member is a no-op). 404 when the group or ' +
    'the user is not in the tenant. 403 when the group grants permissions the caller does not hold. Needs `groups:write`.',
  request: { params: idParamSchema },
  auth: { permission: 'groups:write' },
});

const removeMember = contractRoute(contract.deleteSecureGroupsByIdMembersByUserId, {
  description: 'Removes a user from the group (204); they lose its permissions on their next request. 404 when the group is not in the tenant or the user is not a member of it. Needs `groups:write`.',
  request: { params: z.object({ id: z.uuid(), userId: z.uuid() }) },
  auth: { permission: 'groups:write' },
});

const userPermissions = contractRoute(contract.getSecureGroupsUsersByUserIdPermissions, {
  description:
    'Effective permission codes of a member of the caller’s tenant: their role’s codes plus every group’s, in catalog ' +
    'order (see `GET /api/v1/secure/iam/`). 404 for users outside the tenant. Needs `groups:read`.',
  request: { params: z.object({ userId: z.uuid() }) },
  auth: { permission: 'groups:read' },
});

export const groupsRoutes = newRouter()
  .openapi(list, async (c) => {
    const { limit, offset, search, userId } = c.req.valid('query');
    const p = await principal(c);
    const db = await c.var.db();
    const where = ofTenant(
      groups.tenantId,
      p.tenantId,
      search ? ilike(groups.name, likePattern(search)) : undefined,
      userId ? sql`exists(select 1 from group_members gm where gm.group_id = ${groups.id} and gm.user_id = ${userId})` : undefined,
    );
    const [rows, [total]] = await Promise.all([
      db.select().from(groups).where(where).orderBy(asc(groups.name), asc(groups.id)).limit(limit).offset(offset),
      db.select({ n: count() }).from(groups).where(where),
    ]);
    const n = total?.n ?? 0;
    return c.json({ data: rows.map(toGroup), pagination: { total: n, limit, offset, hasMore: offset + rows.length < n } }, 200);
  })
  .openapi(create, async (c) => {
    const body = c.req.valid('json');
    const p = await principal(c);
    const permissions = validGrants(p, body.permissions ?? []);
    const db = await c.var.db();
    const [g] = await db
      .insert(groups)
      .values({ tenantId: p.tenantId, name: body.name, description: body.description ?? null, permissions })
      .onConflictDoNothing()
      .returning();
    if (!g) throw nameTaken(body.name);
    return c.json({ data: toGroup(g) }, 201);
  })
  .openapi(get, async (c) => {
    const { id } = c.req.valid('param');
    const p = await principal(c);
    return c.json({ data: toGroup(await requireGroup(await c.var.db(), p.tenantId, id)) }, 200);
  })
  .openapi(put, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const p = await principal(c);
    const db = await c.var.db();
    const current = await requireGroup(db, p.tenantId, id);
    const set: Partial<typeof groups.$inferInsert> = {};
    if (body.name !== undefined) set.name = body.name;
    if (body.description !== undefined) set.description = body.description;
    if (body.permissions !== undefined) set.permissions = validGrants(p, body.permissions, current.permissions);
    if (!Object.keys(set).length) return c.json({ data: toGroup(current) }, 200);
    try {
      const [g] = await db.update(groups).set({ ...set, updatedAt: sql`now()` }).where(ofTenant(groups.tenantId, p.tenantId, eq(groups.id, id))).returning();
      return c.json({ data: toGroup(g!) }, 200);
    } catch (e) {
      if (isUniqueViolation(e)) throw nameTaken(body.name ?? current.name);
      throw e;
    }
  })
  .openapi(del, async (c) => {
    const { id } = c.req.valid('param');
    const p = await principal(c);
    const [gone] = await (await c.var.db()).delete(groups).where(ofTenant(groups.tenantId, p.tenantId, eq(groups.id, id))).returning({ id: groups.id });
    if (!gone) throw notFound('Group');
    return noContent(c);
  })
  .openapi(members, async (c) => {
    const { id } = c.req.valid('param');
    const { limit, offset } = c.req.valid('query');
    const p = await principal(c);
    const db = await c.var.db();
    await requireGroup(db, p.tenantId, id);
    const rows = await db
      .select({ user_id: users.id, email: users.email, display_name: users.displayName, created_at: groupMembers.createdAt })
      .from(groupMembers)
      .innerJoin(users, eq(users.id, groupMembers.userId))
      .where(ofTenant(groupMembers.tenantId, p.tenantId, eq(groupMembers.groupId, id)))
      .orderBy(asc(users.email), asc(users.id))
      .limit(limit)
      .offset(offset);
    return c.json({ data: rows.map((r) => ({ ...r, created_at: r.created_at.toISOString() })) }, 200);
  })
  .openapi(addMember, async (c) => {
    const { id } = c.req.valid('param');
    const { userId } = c.req.valid('json');
    const p = await principal(c);
    const db = await c.var.db();
    const g = await requireGroup(db, p.tenantId, id);
    await requireMember(db, p.tenantId, userId);
    const notHeld = g.permissions.filter((code) => !p.permissions.has(code as never));
    if (notHeld.length) throw new ApiError('FORBIDDEN', `This group grants permissions you do not hold: ${notHeld.join(', ')}`, { permissions: notHeld });
    await db.insert(groupMembers).values({ groupId: id, userId, tenantId: p.tenantId }).onConflictDoNothing();
    return noContent(c);
  })
  .openapi(removeMember, async (c) => {
    const { id, userId } = c.req.valid('param');
    const p = await principal(c);
    const db = await c.var.db();
    await requireGroup(db, p.tenantId, id);
    const [gone] = await db
      .delete(groupMembers)
      .where(ofTenant(groupMembers.tenantId, p.tenantId, eq(groupMembers.groupId, id), eq(groupMembers.userId, userId)))
      .returning({ userId: groupMembers.userId });
    if (!gone) throw notFound('Group member');
    return noContent(c);
  })
  .openapi(userPermissions, async (c) => {
    const { userId } = c.req.valid('param');
    const p = await principal(c);
    const db = await c.var.db();
    const { user } = await requireMember(db, p.tenantId, userId);
    const ctx = await userContext(db, userId, p.tenantId, user.isSystemAdmin);
    return c.json({ data: ctx.permissions }, 200);
  });
