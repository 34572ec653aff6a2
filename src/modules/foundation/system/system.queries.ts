// The database probe of health and info: one round trip.
import { sql } from 'drizzle-orm';
import type { BaseContext } from '../../../context';

export async function ping(ctx: BaseContext): Promise<void> {
  await (await ctx.db()).execute(sql`select 1`);
}
