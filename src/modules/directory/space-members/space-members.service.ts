// Space members: reading needs to see the space; adding and removing need to manage it (the
// space's PATCH rule). Members are people of the tenant (422 for anyone else, nothing written).
import type { Principal, ServiceContext } from '../../../context';
import { ApiError } from '../../../lib/errors';
import type { Caller } from '../spaces/spaces.model';
import { findSpace } from '../spaces/spaces.queries';
import { spaceNotFound } from '../spaces/spaces.rules';
import { lockManageable } from '../spaces/spaces.service';
import type { MemberRow, SpaceMemberRole } from './space-members.model';
import * as q from './space-members.queries';

/** The members of a space the caller may see (the space check and the list in one round trip). */
export async function listMembers(ctx: ServiceContext, c: Caller, spaceId: string): Promise<MemberRow[]> {
  const [space, rows] = await Promise.all([findSpace(ctx, c, spaceId), q.listMembers(ctx, spaceId)]);
  if (!space) throw spaceNotFound(spaceId);
  return rows;
}

export async function addMember(ctx: ServiceContext, p: Principal, spaceId: string, body: { userId: string; role: SpaceMemberRole }): Promise<MemberRow> {
  await lockManageable(ctx, p, spaceId);
  if (!(await q.isTenantMember(ctx, body.userId))) {
    throw new ApiError('UNPROCESSABLE_ENTITY', 'userId names no member of this tenant', { reason: 'USER_NOT_IN_TENANT', fields: { userId: ['Not a member of this tenant'] } });
  }
  const row = await q.insertMember(ctx, spaceId, body.userId, body.role);
  if (!row) throw new ApiError('CONFLICT', 'The user is a member of this space already (remove them to change the role)', { reason: 'ALREADY_MEMBER' });
  ctx.audit({ action: 'space.member.add', resourceType: 'space', resourceId: spaceId, details: { userId: body.userId, role: body.role } });
  return row;
}

export async function removeMember(ctx: ServiceContext, p: Principal, spaceId: string, userId: string): Promise<void> {
  await lockManageable(ctx, p, spaceId);
  if (!(await q.deleteMember(ctx, spaceId, userId))) throw new ApiError('NOT_FOUND', 'The user is not a member of this space', { reason: 'member_not_found' });
  ctx.audit({ action: 'space.member.remove', resourceType: 'space', resourceId: spaceId, details: { userId } });
}
