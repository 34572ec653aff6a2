// The user vocabulary shared by routes, handlers, the service and the other access resources
// (no ORM for their importers).
import type { z } from '@hono/zod-openapi';
import type * as contract from '../../../contract/access';
import type { memberships, users } from '../../../db/schema/accounts';
import type { Role } from '../../../db/schema/accounts';

export type { Role } from '../../../db/schema/accounts';

export const USER_STATUSES = ['active', 'inactive', 'maintenance', 'retired', 'pending'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export type UserRow = typeof users.$inferSelect;
export type NewUserRow = typeof users.$inferInsert;
export type NewUser = z.infer<typeof contract.postSecureUsers.body>;
export type UserPatch = z.infer<typeof contract.patchSecureUsersById.body>;

/** A user as a member of the caller's tenant, with their role and membership status there. */
export interface Member {
  user: UserRow;
  role: Role;
  membershipStatus: (typeof memberships.$inferSelect)['status'];
}

export interface MemberFilter {
  limit: number;
  offset: number;
  search?: string;
  status?: UserStatus;
}

/** One entry of a user's recent activity (a sign-in or a security event). */
export interface Activity extends Record<string, unknown> {
  type: string;
  entity_id: string;
  entity_type: string;
  at: string | Date;
}
