// Rules for group permission lists, shared by the group service and the group import (transfer/).
import { ApiError } from '../../../lib/errors';
import { isGroupGrantable, isPermission, type Permission } from '../../../lib/permissions';
import type { Principal } from '../../../context';

export type GrantProblem = { unknown: string[]; notGrantable: string[]; notHeld: string[] };

/**
 * Checks a group's permission list: every code must be in the catalog and grantable by groups,
 * and a caller can only add codes they hold themselves (no escalation through a group).
 * `before` is the group's current list: codes already there may stay.
 */
export function checkGrants(p: Principal, codes: string[], before: string[] = []): { codes: Permission[]; problem: GrantProblem | null } {
  const unique = [...new Set(codes.map((c) => c.trim()).filter(Boolean))];
  const unknown = unique.filter((c) => !isPermission(c));
  const notGrantable = unique.filter((c) => isPermission(c) && !isGroupGrantable(c));
  const notHeld = unique.filter((c) => isGroupGrantable(c) && !before.includes(c) && !p.permissions.has(c));
  const ok = !unknown.length && !notGrantable.length && !notHeld.length;
  return { codes: unique.filter(isGroupGrantable), problem: ok ? null : { unknown, notGrantable, notHeld } };
}

export function grantError(problem: GrantProblem): ApiError {
  if (problem.unknown.length || problem.notGrantable.length) {
    const parts = [
      problem.unknown.length ? `unknown permission codes: ${problem.unknown.join(', ')}` : '',
      problem.notGrantable.length ? `not grantable by groups: ${problem.notGrantable.join(', ')}` : '',
    ].filter(Boolean);
    return new ApiError('VALIDATION_ERROR', `Invalid permissions (${parts.join('; ')}); see GET /api/v1/secure/iam/ for the catalog`, {
      fields: { permissions: parts },
      unknownPermissions: problem.unknown,
      notGrantable: problem.notGrantable,
    });
  }
  return new ApiError('FORBIDDEN', `You cannot grant permissions you do not hold: ${problem.notHeld.join(', ')}`, { permissions: problem.notHeld });
}

export function validGrants(p: Principal, codes: string[], before: string[] = []): Permission[] {
  const { codes: ok, problem } = checkGrants(p, codes, before);
  if (problem) throw grantError(problem);
  return ok;
}
