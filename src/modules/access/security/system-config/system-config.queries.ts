// The platform's security settings row (scope `global`), created with the column defaults.
import { eq, sql } from 'drizzle-orm';
import type { BaseContext } from '../../../../context';
import { systemSecurityConfig } from '../../../../db/schema/access';
import type { GlobalConfigRow } from './system-config.model';

const isGlobal = () => eq(systemSecurityConfig.scope, 'global');

export async function selectGlobal(ctx: BaseContext): Promise<GlobalConfigRow | undefined> {
  const [row] = await (await ctx.db()).select().from(systemSecurityConfig).where(isGlobal());
  return row;
}

export async function insertDefaults(ctx: BaseContext): Promise<void> {
  await (await ctx.db()).insert(systemSecurityConfig).values({ scope: 'global' }).onConflictDoNothing();
}

/** Sets the given columns (and who changed them, when). */
export async function updateGlobal(ctx: BaseContext, set: Partial<GlobalConfigRow>, userId: string): Promise<GlobalConfigRow> {
  const [row] = await (await ctx.db())
    .update(systemSecurityConfig)
    .set({ ...set, updatedAt: sql`now()`, updatedBy: userId })
    .where(isGlobal())
    .returning();
  return row!;
}
