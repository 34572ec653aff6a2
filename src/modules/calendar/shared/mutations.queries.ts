// The per-calendar change log (calendar_mutations): one row per create, update or delete, written
// on the request's transaction handle so it commits (or rolls back) with the change itself.
import type { ServiceContext } from '../../../context';
import { calendarMutations, type MutationAction, type MutationEntityType } from '../../../db/schema/calendar';
import { tenantOf } from '../../../db/tenant';

export interface MutationNote {
  calendarId: string;
  entityType: MutationEntityType;
  entityId: string;
  action: MutationAction;
  summary: string;
  actorId: string | null;
}

export async function recordMutation(ctx: ServiceContext, m: MutationNote): Promise<void> {
  const db = await ctx.db();
  await db.insert(calendarMutations).values({ ...m, tenantId: tenantOf(ctx) });
}
