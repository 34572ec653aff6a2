// The group vocabulary shared by routes, handlers, the service and the group import (no ORM for
// their importers).
import type { z } from '@hono/zod-openapi';
import type * as contract from '../../../contract/access';
import type { groups } from '../../../db/schema/access';

export type GroupRow = typeof groups.$inferSelect;
export type NewGroupRow = typeof groups.$inferInsert;
export type NewGroup = z.infer<typeof contract.postSecureGroupsCreate.body>;
export type GroupPatch = z.infer<typeof contract.putSecureGroupsById.body>;

export interface GroupFilter {
  limit: number;
  offset: number;
  search?: string;
  /** Only groups this user is a member of. */
  userId?: string;
}

/** A member of a group as listed: `createdAt` is when they joined the group. */
export interface GroupMember {
  user_id: string;
  email: string;
  display_name: string | null;
  created_at: Date;
}
