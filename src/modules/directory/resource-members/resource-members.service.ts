// Resource members: reading needs to see the resource; adding and removing need to manage it (the
// resource's PATCH rule). Added people become `manager`s (the creator is the `admin`); they must
// be people of the tenant, named by id or email (422 for anyone else, nothing written).
import type { Principal, ServiceContext } from '../../../context';
import { ApiError } from '../../../lib/errors';
import type { Caller } from '../resources/resources.model';
import { findResource } from '../resources/resources.queries';
import { resourceNotFound } from '../resources/resources.rules';
import { lockManageable } from '../resources/resources.service';
import * as q from './resource-members.queries';

/** The members of a resource the caller may see (the resource check and the list in one round trip). */
export async function listMembers(ctx: ServiceContext, c: Caller, resourceId: string): Promise<q.MemberRead[]> {
  const [resource, rows] = await Promise.all([findResource(ctx, c, resourceId), q.listMembers(ctx, resourceId)]);
  if (!resource) throw resourceNotFound(resourceId);
  return rows;
}

export async function addMembers(ctx: ServiceContext, p: Principal, resourceId: string, body: { userIds?: string[]; emails?: string[] }): Promise<void> {
  const ids = [...new Set(body.userIds ?? [])];
  const emails = [...new Set((body.emails ?? []).map((e) => e.trim().toLowerCase()))];
  if (!ids.length && !emails.length) throw new ApiError('UNPROCESSABLE_ENTITY', 'Give userIds or emails', { reason: 'NO_MEMBERS', fields: { userIds: ['Give at least one user id or email'] } });
  await lockManageable(ctx, p, resourceId);
  const found = await q.tenantUsers(ctx, ids, emails);
  const unknownIds = ids.filter((id) => !found.some((u) => u.id === id));
  const unknownEmails = emails.filter((e) => !found.some((u) => u.email?.toLowerCase() === e));
  if (unknownIds.length || unknownEmails.length) {
    throw new ApiError('UNPROCESSABLE_ENTITY', 'Some people named are not members of this tenant', {
      reason: 'USER_NOT_IN_TENANT',
      fields: { ...(unknownIds.length && { userIds: unknownIds }), ...(unknownEmails.length && { emails: unknownEmails }) },
    });
  }
  const userIds = [...new Set(found.map((u) => u.id))];
  await q.insertMembers(ctx, resourceId, userIds, 'manager');
  ctx.audit({ action: 'resource.member.add', resourceType: 'resource', resourceId, details: { userIds, role: 'manager' } });
}

export async function removeMember(ctx: ServiceContext, p: Principal, resourceId: string, userId: string): Promise<void> {
  await lockManageable(ctx, p, resourceId);
  if (!(await q.deleteMember(ctx, resourceId, userId))) throw new ApiError('NOT_FOUND', 'The user is not a member of this resource', { reason: 'member_not_found' });
  ctx.audit({ action: 'resource.member.remove', resourceType: 'resource', resourceId, details: { userId } });
}
