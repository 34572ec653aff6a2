// Realtime channels in Postgres. Visibility: broadcast channels are the tenant's; peer and group
// channels their members'; API keys (the tenant's integrations) see every channel of the tenant.
import { and, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { BaseContext, ServiceContext } from '../../../context';
import { memberships } from '../../../db/schema/accounts';
import { realtimeChannels } from '../../../db/schema/realtime';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import type { ChannelListFilter, ChannelRow } from './channels.model';

/**
 * The channels a viewer may see (optionally only the one named `name`), as a condition on
 * realtime_channels. `viewer`: the user's id, undefined for an API key (the whole tenant's).
 */
export function visibleChannels(viewer: string | undefined, name?: string): SQL | undefined {
  const named = name === undefined ? undefined : eq(realtimeChannels.channelName, name);
  if (viewer === undefined) return named;
  return and(named, sql`(${realtimeChannels.channelType} = 'broadcast' or ${viewer}::uuid = any(${realtimeChannels.memberIds}))`);
}

export async function list(ctx: ServiceContext, viewer: string | undefined, f: ChannelListFilter): Promise<ChannelRow[]> {
  const db = await ctx.db();
  return db
    .select()
    .from(realtimeChannels)
    .where(
      ofTenant(
        realtimeChannels.tenantId,
        tenantOf(ctx),
        visibleChannels(viewer),
        f.include_deleted ? undefined : isNull(realtimeChannels.deletedAt),
        f.channel_type ? eq(realtimeChannels.channelType, f.channel_type) : undefined,
        f.entity_type ? eq(realtimeChannels.entityType, f.entity_type) : undefined,
        f.entity_id ? eq(realtimeChannels.entityId, f.entity_id) : undefined,
      ),
    )
    .orderBy(desc(realtimeChannels.createdAt), desc(realtimeChannels.id))
    .limit(f.limit)
    .offset(f.offset);
}

export async function find(ctx: ServiceContext, viewer: string | undefined, id: string, forUpdate = false): Promise<ChannelRow | undefined> {
  const db = await ctx.db();
  const qb = db.select().from(realtimeChannels).where(ofTenant(realtimeChannels.tenantId, tenantOf(ctx), eq(realtimeChannels.id, id), visibleChannels(viewer)));
  const [row] = await (forUpdate ? qb.for('update') : qb);
  return row;
}

/** The live channel named `name` and whether `userId` is an active member of the tenant (the socket's check, one statement). */
export async function forSubscriber(ctx: BaseContext, tenantId: string, userId: string, name: string) {
  const db = await ctx.db();
  const [row] = await db
    .select({
      c: realtimeChannels,
      member: sql<boolean>`exists (select 1 from ${memberships} m where m.user_id = ${userId} and m.tenant_id = ${tenantId} and m.status = 'active')`,
    })
    .from(realtimeChannels)
    .where(ofTenant(realtimeChannels.tenantId, tenantId, eq(realtimeChannels.channelName, name), isNull(realtimeChannels.deletedAt)));
  return row;
}

/** Which of `ids` are active members of the caller's tenant. */
export async function activeMembers(ctx: ServiceContext, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const db = await ctx.db();
  const rows = await db
    .select({ id: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.tenantId, tenantOf(ctx)), inArray(memberships.userId, ids), eq(memberships.status, 'active')));
  return rows.map((r) => r.id);
}

export async function insert(ctx: BaseContext, values: typeof realtimeChannels.$inferInsert): Promise<ChannelRow> {
  const db = await ctx.db();
  const [row] = await db.insert(realtimeChannels).values(values).returning();
  return row!;
}

export async function softDelete(ctx: ServiceContext, id: string, by: string | null): Promise<ChannelRow | undefined> {
  const db = await ctx.db();
  const [row] = await db
    .update(realtimeChannels)
    .set({ deletedAt: new Date(), deletedBy: by, updatedAt: new Date() })
    .where(ofTenant(realtimeChannels.tenantId, tenantOf(ctx), eq(realtimeChannels.id, id), isNull(realtimeChannels.deletedAt)))
    .returning();
  return row;
}
