// The move-request vocabulary shared by routes, handlers, the service and the views.
import type { resourceMoveRequests } from '../../../db/schema/resource-moves';
export { MOVE_APPROVAL_MODES, MOVE_STATUSES, type MoveApprovalMode, type MoveStatus } from '../../../db/schema/resource-moves';
import type { MoveStatus } from '../../../db/schema/resource-moves';

export type MoveRow = typeof resourceMoveRequests.$inferSelect;

/** A request as answered: the row, the status readers see (pending past expiry reads `expired`) and the names. */
export interface MoveRead {
  row: MoveRow;
  status: MoveStatus;
  resourceName: string | null;
  sourceSpaceName: string | null;
  targetSpaceName: string | null;
  requestedByEmail: string | null;
}

/** Who lists: a loaded caller's permissions, or undefined while SQL derives them (read with the caller check). */
export interface MoveCaller {
  userId: string | undefined;
  permissions: ReadonlySet<string> | undefined;
}

export interface MoveFilter {
  status?: MoveStatus;
  resourceId?: string;
  limit: number;
  offset: number;
}
