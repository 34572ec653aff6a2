// Merging accounts: the caller (primary) proves a second account with an access token of a live,
// fully signed-in session of it; its identities, memberships, group memberships, flow completions
// and login history move to the caller, and it is retired. A dry run computes the same plan.
import { authConfig } from '../../../config';
import type { ServiceContext, UserPrincipal } from '../../../context';
import { inTransaction } from '../../../db/tx';
import { ApiError } from '../../../lib/errors';
import { ROLE_RANK } from '../../../lib/permissions';
import { verifyAccessToken } from '../../../lib/tokens';
import { findUser } from '../oauth';
import type { MergeMode, MergePlan } from './merge.model';
import * as q from './merge.queries';

/** Counts of what would move, and warnings about what would not. */
async function plan(ctx: ServiceContext, primary: string, secondary: string, mode: MergeMode): Promise<MergePlan> {
  const counts = await q.moveCounts(ctx, primary, secondary);
  const warnings: string[] = [];
  for (const r of await q.sharedMemberships(ctx, primary, secondary)) {
    const higher = ROLE_RANK[r.s_role as keyof typeof ROLE_RANK] > ROLE_RANK[r.p_role as keyof typeof ROLE_RANK];
    if (!higher) continue;
    if (mode === 'move_all') counts.membershipRolesRaised++;
    else warnings.push(`Tenant ${r.tenant_id}: the secondary account's role ${r.s_role} is higher than ${r.p_role} and is not carried over (safe_only)`);
  }
  for (const provider of await q.sharedProviders(ctx, primary, secondary)) warnings.push(`Both accounts have a ${provider} identity: the secondary one is removed`);
  const lost = await q.leftBehind(ctx, secondary);
  if (lost.password) warnings.push("The secondary account's password is not carried over");
  if (lost.systemAdmin) warnings.push("The secondary account's platform administrator right is not carried over");
  if (lost.mfa) warnings.push("The secondary account's two-factor methods are not carried over");
  return { counts, warnings };
}

export async function mergeAccounts(ctx: ServiceContext, p: UserPrincipal, input: { secondaryAccessToken: string; mode: MergeMode; dryRun: boolean }) {
  let claims;
  try {
    claims = await verifyAccessToken(authConfig(ctx.env).jwtSecret, input.secondaryAccessToken);
  } catch {
    throw new ApiError('UNPROCESSABLE_ENTITY', 'secondaryAccessToken is not a valid access token', { reason: 'SECONDARY_TOKEN_INVALID' });
  }
  if (claims.sub === p.userId) throw new ApiError('UNPROCESSABLE_ENTITY', 'secondaryAccessToken belongs to the signed-in account', { reason: 'SAME_ACCOUNT' });
  if (!(await q.sessionFullySignedIn(ctx, claims.sid, claims.sub))) {
    throw new ApiError('UNPROCESSABLE_ENTITY', "The secondary account's session is expired, revoked or awaiting 2FA", { reason: 'SECONDARY_TOKEN_INVALID' });
  }
  const secondary = await findUser(ctx, { id: claims.sub });
  if (!secondary || secondary.status !== 'active' || secondary.kind !== 'user') {
    throw new ApiError('UNPROCESSABLE_ENTITY', 'The secondary account is not an active person account', { reason: 'SECONDARY_NOT_MERGEABLE' });
  }
  const planned = await plan(ctx, p.userId, secondary.id, input.mode);
  if (!input.dryRun) {
    await inTransaction(ctx, (tx) => q.applyMerge(tx, p.userId, secondary.id, input.mode, secondary.email));
    ctx.audit({ action: 'user.merge', resourceType: 'user', resourceId: secondary.id, details: { mode: input.mode, counts: planned.counts } });
  }
  return { secondaryUserId: secondary.id, ...planned };
}
