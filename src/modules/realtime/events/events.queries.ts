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

export interface UserEventInput {
  tenantId: string;
  userId: string;
  eventType: string;
  data: Record<string, unknown>;
}

/**
 * Events to users' own channels (`user:<userId>`, a group channel with only them as member), in two
 * statements however many events and users (the reminder consumer's batch). The channels are
 * created on first use, so background work (reminders) can reach a user who never opened one; the
 * name is not of the `<channel_type>:<id>` form clients' channels get, so no client can take it
 * first. Each channel's counter then advances once by its number of events, numbered in input order
 * within it: the same guarantees as `append` (gapless, commit order).
 */
export async function appendToUsers(ctx: BaseContext, items: UserEventInput[]): Promise<{ tenantId: string; channelId: string; event: RealtimeEvent }[]> {
  if (!items.length) return [];
  const db = await ctx.db();
  const users = [...new Map(items.map((i) => [`${i.tenantId}/${i.userId}`, { tenant_id: i.tenantId, user_id: i.userId, name: userChannelName(i.userId) }])).values()];
  await db.execute(sql`
    insert into ${realtimeChannels} (tenant_id, channel_name, channel_type, entity_type, entity_id, member_ids)
    select u.tenant_id, u.name, 'group', 'user', u.user_id, array[u.user_id]
    from jsonb_to_recordset(${JSON.stringify(users)}::jsonb) as u(tenant_id uuid, user_id uuid, name text)
    order by u.tenant_id, u.name
    on conflict (tenant_id, channel_name) do update set deleted_at = null, member_ids = excluded.member_ids`);
  const input = items.map((i, ord) => ({ ord, tenant_id: i.tenantId, name: userChannelName(i.userId), event_type: i.eventType, data: i.data }));
  const res = await db.execute<{ ord: number; id: string; tenant_id: string; channel_id: string; channel_name: string; seq: string; created_at: string }>(sql`
    with input as (select * from jsonb_to_recordset(${JSON.stringify(input)}::jsonb) as x(ord int, tenant_id uuid, name text, event_type text, data jsonb)),
    counts as (select tenant_id, name, count(*)::int as n from input group by tenant_id, name),
    ch as (
      update ${realtimeChannels} c set last_seq = c.last_seq + counts.n from counts
      where c.tenant_id = counts.tenant_id and c.channel_name = counts.name and c.deleted_at is null
      returning c.id, c.tenant_id, c.channel_name, c.last_seq - counts.n as first_seq
    ),
    numbered as (
      select input.*, ch.id as channel_id, ch.first_seq + row_number() over (partition by ch.id order by input.ord) as seq
      from input join ch on ch.tenant_id = input.tenant_id and ch.channel_name = input.name
    ),
    ins as (
      insert into ${realtimeEvents} (tenant_id, channel_id, seq, event_type, data, created_by, created_at)
      select tenant_id, channel_id, seq, event_type, data, null, clock_timestamp() from numbered order by channel_id, seq
      returning id, tenant_id, channel_id, seq, created_at
    )
    select numbered.ord, ins.id, ins.tenant_id, ins.channel_id, numbered.name as channel_name, ins.seq, ins.created_at
    from ins join numbered on numbered.channel_id = ins.channel_id and numbered.seq = ins.seq
    order by ins.channel_id, ins.seq`);
  return res.rows.map((r) => {
    const i = items[r.ord]!;
    return { tenantId: r.tenant_id, channelId: r.channel_id, event: { id: r.id, channel: r.channel_name, seq: Number(r.seq), event_type: i.eventType, data: i.data, created_at: new Date(r.created_at).toISOString(), created_by: null } };
  });
}
