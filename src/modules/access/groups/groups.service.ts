// Groups of the caller's tenant: named permission sets granted to their members. A change takes
// effect on the members' next request (middleware/auth.ts loads group permissions per request).
import type { Principal, ServiceContext } from '../../../context';
import { ApiError, notFound } from '../../../lib/errors';
import { memberPermissions, requireMember } from '../users';
import { validGrants } from './groups.grants';
import type { GroupFilter, GroupMember, GroupPatch, GroupRow, NewGroup, NewGroupRow } from './groups.model';
import * as q from './groups.queries';

const nameTaken = (name: string) => new ApiError('CONFLICT', `A group named "${name}" already exists in this tenant`);

export const listGroups = (ctx: ServiceContext, f: GroupFilter) => q.listGroups(ctx, f);

export async function requireGroup(ctx: ServiceContext, id: string): Promise<GroupRow> {
  const g = await q.findGroup(ctx, id);
  if (!g) throw notFound('Group');
  return g;
}

/** Names are unique per tenant; the caller grants only codes they hold (groups.grants.ts). */
export async function createGroup(ctx: ServiceContext, p: Principal, body: NewGroup): Promise<GroupRow> {
  const permissions = validGrants(p, body.permissions ?? []);
  const g = await q.insertGroup(ctx, { name: body.name, description: body.description ?? null, permissions });
  if (!g) throw nameTaken(body.name);
  return g;
}

/** Changes the given fields (`permissions` replaces the list; codes already there may stay). */
export async function updateGroup(ctx: ServiceContext, p: Principal, id: string, body: GroupPatch): Promise<GroupRow> {
  const current = await requireGroup(ctx, id);
  const set: Partial<NewGroupRow> = {};
  if (body.name !== undefined) set.name = body.name;
  if (body.description !== undefined) set.description = body.description;
  if (body.permissions !== undefined) set.permissions = validGrants(p, body.permissions, current.permissions);
  if (!Object.keys(set).length) return current;
  const g = await q.updateGroup(ctx, id, set);
  if (g === 'name-taken') throw nameTaken(body.name ?? current.name);
  return g;
}

export async function deleteGroup(ctx: ServiceContext, id: string): Promise<void> {
  if (!(await q.deleteGroup(ctx, id))) throw notFound('Group');
}

export async function groupMembers(ctx: ServiceContext, id: string, page: { limit: number; offset: number }): Promise<GroupMember[]> {
  // Both reads at once (one round trip): the members of a group the tenant does not have are none.
  const [g, members] = await Promise.all([q.findGroup(ctx, id), q.listGroupMembers(ctx, id, page.limit, page.offset)]);
  if (!g) throw notFound('Group');
  return members;
}

/** Adds a member of the tenant; the caller must hold every permission the group grants (no escalation). */
export async function addGroupMember(ctx: ServiceContext, p: Principal, id: string, userId: string): Promise<void> {
  const g = await requireGroup(ctx, id);
  await requireMember(ctx, userId);
  const notHeld = g.permissions.filter((code) => !p.permissions.has(code as never));
  if (notHeld.length) throw new ApiError('FORBIDDEN', `This group grants permissions you do not hold: ${notHeld.join(', ')}`, { permissions: notHeld });
  await q.insertGroupMember(ctx, id, userId);
}

export async function removeGroupMember(ctx: ServiceContext, id: string, userId: string): Promise<void> {
  await requireGroup(ctx, id);
  if (!(await q.deleteGroupMember(ctx, id, userId))) throw notFound('Group member');
}

/** A member's effective permission codes: their role's plus every group's. */
export const userPermissions = (ctx: ServiceContext, userId: string) => memberPermissions(ctx, userId);
