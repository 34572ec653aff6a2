// The approval vocabulary shared by routes, handlers and the service (no ORM for their importers).
export { APPROVAL_ENTITY_TYPES, APPROVAL_STATUSES, type ApprovalEntityType, type ApprovalStatus } from '../../../db/schema/access';
import type { approvalRequests } from '../../../db/schema/access';
import type { ApprovalEntityType, ApprovalStatus } from '../../../db/schema/access';

export type RequestRow = typeof approvalRequests.$inferSelect;
export type DecisionStatus = Exclude<ApprovalStatus, 'pending'>;

export interface Person {
  id: string;
  email: string;
  displayName: string | null;
}

/** A request as read for an answer: the row, what readers see as its status, and the people named. */
export interface DetailedRequest {
  r: RequestRow;
  status: ApprovalStatus;
  creator: Person | null;
  decider: Person | null;
}

export interface ApprovalConfig {
  auto_approve_roles: string[];
  max_pending_days: number;
  notify_admins: boolean;
  notify_creator_on_decision: boolean;
}

export interface ApprovalSetting {
  entity_type: ApprovalEntityType;
  requires_approval: boolean;
  config: ApprovalConfig;
}

export interface SettingsPatch {
  requires_approval?: boolean;
  config?: Partial<ApprovalConfig>;
}

export const DEFAULT_CONFIG: ApprovalConfig = { auto_approve_roles: ['owner', 'admin'], max_pending_days: 30, notify_admins: true, notify_creator_on_decision: true };

export interface ListFilter {
  status?: ApprovalStatus;
  entity_type?: ApprovalEntityType;
  limit: number;
  offset: number;
}
