// Space members: a person of the tenant is a `manager` (may change the space) or a `reader`.
import type { spaceMembers } from '../../../db/schema/spaces';
export { SPACE_MEMBER_ROLES, type SpaceMemberRole } from '../../../db/schema/spaces';

export type MemberRow = typeof spaceMembers.$inferSelect;
