// Quotas from the `limits` settings category, enforced where things are created. Areas call
//   await assertWithinLimit(ctx, 'spaces');                       // before inserting one space
//   await assertWithinLimit(ctx, 'files', { adding: file.size }); // bytes, against max_storage_gb
// inside their transaction; -1 means unlimited. Over quota: 422 UNPROCESSABLE_ENTITY with
// details.reason QUOTA_EXCEEDED, the resource, its limit and current usage.
import type { BaseContext } from '../../../context';
import { ApiError } from '../../../lib/errors';
import type { Limits } from './settings.model';
import * as q from './settings.queries';
import { effective } from './settings.service';
import { currentUsage } from './usage';

export type LimitedKind = 'users' | 'spaces' | 'resources' | 'files';

const GIB = 1024 ** 3;
const LIMIT_KEY: Record<LimitedKind, keyof Limits> = { users: 'max_users', spaces: 'max_spaces', resources: 'max_resources', files: 'max_storage_gb' };

/** The tenant's effective limits (stored values over the defaults of its type). */
export async function tenantLimits(ctx: BaseContext, tenantId: string): Promise<Limits> {
  const state = await q.loadState(ctx, tenantId, 'limits');
  if (!state) throw new ApiError('NOT_FOUND', 'Tenant not found');
  return effective(state, 'limits') as unknown as Limits;
}

export async function assertWithinLimit(ctx: BaseContext & { tenantId?: string }, kind: LimitedKind, opts: { tenantId?: string; adding?: number } = {}): Promise<void> {
  const tenantId = opts.tenantId ?? ctx.tenantId;
  if (!tenantId) throw new ApiError('INTERNAL_ERROR', 'Internal server error');
  const adding = opts.adding ?? 1;
  // Concurrent creations in one tenant wait for each other here, so two cannot both take the last place.
  await q.lockTenant(ctx, tenantId);
  const limit = (await tenantLimits(ctx, tenantId))[LIMIT_KEY[kind]];
  if (limit === -1) return;
  const max = kind === 'files' ? limit * GIB : limit;
  const current = await currentUsage(ctx, tenantId, kind === 'files' ? 'storage' : kind);
  if (current + adding > max) {
    throw new ApiError('UNPROCESSABLE_ENTITY', `The tenant's ${kind} quota is reached (${kind === 'files' ? `${limit} GB` : limit}); raise limits.${LIMIT_KEY[kind]} or remove some`, {
      reason: 'QUOTA_EXCEEDED',
      resource: kind,
      limit,
      current,
    });
  }
}
