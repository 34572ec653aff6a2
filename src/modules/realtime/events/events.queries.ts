// The event log in Postgres: appending (numbered under the channel row's lock) and reading back.
import { and, asc, eq, gt, like, lte, sql, type SQL } from 'drizzle-orm';
import type { BaseContext } from '../../../context';
import { realtimeChannels, realtimeEvents } from '../../../db/schema/realtime';
import { ofTenant } from '../../../db/tx';
import { userChannelName, type ChannelTarget, type RealtimeEvent } from './events.model';

const targetSql = (t: ChannelTarget): SQL =>
  'id' in t ? eq(realtimeChannels.id, t.id) : and(eq(realtimeChannels.channelType, 'peer'), eq(realtimeChannels.entityType, t.entityType), eq(realtimeChannels.entityId, t.entityId))!;

type Row = typeof realtimeEvents.$inferSelect;
export const toEvent = (r: Row, channel: string): RealtimeEvent => ({
  id: r.id,
  channel,
  seq: r.seq,
  event_type: r.eventType,
  data: r.data,
  created_at: r.createdAt.toISOString(),
  created_by: r.createdBy,
});

/**
 * Takes the channel's next sequence number and logs the event, in one statement. The update holds
 * the channel row until the caller's transaction ends, so numbers are gapless and commit in order
 * (a rolled-back event gives its number back). `created_at` is the clock after the lock, so it
 * grows with `seq` within a channel. Undefined when the channel is gone or deleted.
 */
export async function append(ctx: BaseContext, tenantId: string, target: ChannelTarget, eventType: string, data: Record<string, unknown>, createdBy: string | null) {
  const db = await ctx.db();
  const res = await db.execute<{ id: string; seq: string; created_at: string; channel_name: string; channel_id: string }>(sql`
    with ch as (
      update ${realtimeChannels} set last_seq = last_seq + 1
      where ${ofTenant(realtimeChannels.tenantId, tenantId, targetSql(target), sql`${realtimeChannels.deletedAt} is null`)}
      returning id, channel_name, last_seq
    )
    insert into ${realtimeEvents} (tenant_id, channel_id, seq, event_type, data, created_by, created_at)
    select ${tenantId}, ch.id, ch.last_seq, ${eventType}, ${JSON.stringify(data)}::jsonb, ${createdBy}, clock_timestamp() from ch
    returning id, seq, created_at, channel_id, (select channel_name from ch) as channel_name`);
  const r = res.rows[0];
  if (!r) return undefined;
  const event: RealtimeEvent = { id: r.id, channel: r.channel_name, seq: Number(r.seq), event_type: eventType, data, created_at: new Date(r.created_at).toISOString(), created_by: createdBy };
  return { channelId: r.channel_id, event };
}

/**
 * The user's own channel (`user:<userId>`, a group channel with only them as member): created on
 * first use, so background work (reminders) can reach a user who never opened one. The name is
 * not of the `<channel_type>:<id>` form clients' channels get, so no client can take it first.
 */
export async function userChannelId(ctx: BaseContext, tenantId: string, userId: string): Promise<string> {
  const db = await ctx.db();
  const [row] = await db
    .insert(realtimeChannels)
    .values({ tenantId, channelName: userChannelName(userId), channelType: 'group', entityType: 'user', entityId: userId, memberIds: [userId] })
    .onConflictDoUpdate({ target: [realtimeChannels.tenantId, realtimeChannels.channelName], set: { deletedAt: null, memberIds: [userId] } })
    .returning({ id: realtimeChannels.id });
  return row!.id;
}

/** Events of one channel after `afterSeq` (up to `upTo`), in order. */
export async function channelEvents(ctx: BaseContext, tenantId: string, channelId: string, channel: string, afterSeq: number, upTo?: number, limit = 1000) {
  const db = await ctx.db();
  const rows = await db
    .select()
    .from(realtimeEvents)
    .where(ofTenant(realtimeEvents.tenantId, tenantId, eq(realtimeEvents.channelId, channelId), gt(realtimeEvents.seq, afterSeq), upTo === undefined ? undefined : lte(realtimeEvents.seq, upTo)))
    .orderBy(asc(realtimeEvents.seq))
    .limit(limit);
  return rows.map((r) => toEvent(r, channel));
}

export interface MissedFilter {
  /** SQL LIKE pattern of event types (from the wildcard pattern). */
  like?: string;
  afterSeq?: number;
  since?: Date;
  limit: number;
}

/** The log of the channels `visible` selects (a condition on realtime_channels), oldest first. */
export async function missed(ctx: BaseContext, tenantId: string, visible: SQL | undefined, f: MissedFilter) {
  const db = await ctx.db();
  const rows = await db
    .select({ e: realtimeEvents, channel: realtimeChannels.channelName })
    .from(realtimeEvents)
    .innerJoin(realtimeChannels, and(eq(realtimeChannels.id, realtimeEvents.channelId), eq(realtimeChannels.tenantId, tenantId)))
    .where(
      ofTenant(
        realtimeEvents.tenantId,
        tenantId,
        visible,
        f.like ? like(realtimeEvents.eventType, f.like) : undefined,
        f.afterSeq !== undefined ? gt(realtimeEvents.seq, f.afterSeq) : undefined,
        f.since ? gt(realtimeEvents.createdAt, f.since) : undefined,
      ),
    )
    .orderBy(asc(realtimeEvents.createdAt), asc(realtimeEvents.seq))
    .limit(f.limit);
  return rows.map((r) => toEvent(r.e, r.channel));
}

/** Deletes up to `batch` events older than `days` (typing indicators after one day); returns how many. */
export async function prune(ctx: BaseContext, days: number, batch: number): Promise<number> {
  const db = await ctx.db();
  const res = await db.execute(sql`
    delete from ${realtimeEvents} where id in (
      select id from ${realtimeEvents}
      where created_at < now() - make_interval(days => ${days}) or (event_type = 'typing:start' and created_at < now() - interval '1 day')
      limit ${batch})`);
  return res.rowCount ?? 0;
}
