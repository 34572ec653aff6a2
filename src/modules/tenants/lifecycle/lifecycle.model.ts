// The tenant lifecycle on its two axes. Status: pending → active ⇄ inactive → retired, with
// active ⇄ maintenance through PATCH (the reference has no endpoint for it). Type: trial → paid →
// enterprise, upwards only; `system` (the platform's own tenant) never moves.
import type { TenantStatus, TenantType } from '../admin/admin.model';

export type LifecycleAction = 'activate' | 'suspend' | 'reactivate' | 'archive';

/** Which statuses each action starts from (the reference's descriptions), and where it leads. */
export const TRANSITIONS: Record<LifecycleAction, { from: readonly TenantStatus[]; to: TenantStatus }> = {
  activate: { from: ['pending', 'inactive'], to: 'active' },
  suspend: { from: ['active'], to: 'inactive' },
  reactivate: { from: ['inactive'], to: 'active' },
  archive: { from: ['inactive'], to: 'retired' },
};

export const TYPE_RANK: Record<TenantType, number> = { system: -1, trial: 0, paid: 1, enterprise: 2 };

/** What a plain PATCH of `status` may do: only the moves that have no lifecycle endpoint. */
export const PATCH_MOVES: Partial<Record<TenantStatus, Partial<Record<TenantStatus, string>>>> = {
  active: { maintenance: 'maintenance_start' },
  maintenance: { active: 'maintenance_end' },
};

/** The lifecycle endpoint that makes a status change a PATCH may not make (named in the 409). */
export function endpointFor(from: TenantStatus, to: TenantStatus): LifecycleAction | undefined {
  return (Object.keys(TRANSITIONS) as LifecycleAction[]).find((a) => TRANSITIONS[a].to === to && TRANSITIONS[a].from.includes(from));
}

export interface HistoryEntry {
  action: string;
  fromStatus: TenantStatus;
  toStatus: TenantStatus;
  fromType: TenantType;
  toType: TenantType;
  reason: string | null;
  performedBy: string;
}
