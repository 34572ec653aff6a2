// Messages in Postgres. Each change and the unread counters it moves are one statement, under the
// conversation row's lock: a read that races a send either marks the new message and counts it,
// or leaves both (the send's +1 lands on the counter after the read's −n), so counters stay exact.
import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../../context';
import { chatConversations as cc, chatMessages as cm } from '../../../db/schema/realtime';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import { participant } from '../conversations/conversations.queries';
import { PREVIEW_LENGTH } from '../conversations/conversations.model';
import type { Cursor, MessageRow } from './messages.model';

type Raw = { id: string; tenant_id: string; conversation_id: string; sender_id: string; content: string; sent_at: string | Date; read_at: string | Date | null; deleted_at: string | Date | null };
const date = (v: string | Date | null) => (v === null ? null : new Date(v));
const toRow = (r: Raw): MessageRow => ({
  id: r.id, tenantId: r.tenant_id, conversationId: r.conversation_id, senderId: r.sender_id, content: r.content,
  sentAt: new Date(r.sent_at), readAt: date(r.read_at), deletedAt: date(r.deleted_at),
});

/** Stores a message and moves the conversation (the other side's counter +1, last message); undefined when the user is no participant. */
export async function insert(ctx: ServiceContext, userId: string, conversationId: string, content: string): Promise<MessageRow | undefined> {
  const db = await ctx.db();
  const t = tenantOf(ctx);
  const at = new Date();
  const res = await db.execute<Raw>(sql`
    with c as (
      update ${cc} set
        unread_a = unread_a + (case when participant_b = ${userId} then 1 else 0 end),
        unread_b = unread_b + (case when participant_a = ${userId} then 1 else 0 end),
        last_message_at = ${at}, last_message_preview = ${content.slice(0, PREVIEW_LENGTH)}, updated_at = ${at}
      where id = ${conversationId} and tenant_id = ${t} and (participant_a = ${userId} or participant_b = ${userId})
      returning id
    )
    insert into ${cm} (tenant_id, conversation_id, sender_id, content, sent_at)
    select ${t}, c.id, ${userId}, ${content}, ${at} from c
    returning *`);
  return res.rows[0] && toRow(res.rows[0]);
}

/** A page of history, newest first, strictly before the cursor; `limit + 1` rows tell whether there is more. */
export async function page(ctx: ServiceContext, userId: string, conversationId: string, limit: number, cursor?: Cursor): Promise<MessageRow[]> {
  const db = await ctx.db();
  const t = tenantOf(ctx);
  const before = cursor && (cursor.id ? or(lt(cm.sentAt, cursor.at), and(eq(cm.sentAt, cursor.at), lt(cm.id, cursor.id))) : lt(cm.sentAt, cursor.at));
  return db
    .select()
    .from(cm)
    .where(ofTenant(cm.tenantId, t, eq(cm.conversationId, conversationId), before, sql`exists (select 1 from ${cc} where ${cc.id} = ${cm.conversationId} and ${cc.tenantId} = ${t} and ${participant(userId)})`))
    .orderBy(desc(cm.sentAt), desc(cm.id))
    .limit(limit + 1);
}

/** The message as its conversation's participant `userId` sees it. */
export async function find(ctx: ServiceContext, userId: string, conversationId: string, id: string): Promise<MessageRow | undefined> {
  const db = await ctx.db();
  const t = tenantOf(ctx);
  const [row] = await db
    .select({ m: cm })
    .from(cm)
    .innerJoin(cc, and(eq(cc.id, cm.conversationId), eq(cc.tenantId, t)))
    .where(ofTenant(cm.tenantId, t, eq(cm.id, id), eq(cm.conversationId, conversationId), participant(userId)));
  return row?.m;
}

/** Soft-deletes the sender's message; an unread one leaves the other side's counter. Undefined when already gone. */
export async function softDelete(ctx: ServiceContext, userId: string, conversationId: string, id: string): Promise<Date | undefined> {
  const db = await ctx.db();
  const t = tenantOf(ctx);
  const at = new Date();
  const res = await db.execute<{ n: number }>(sql`
    with m as (
      update ${cm} set deleted_at = ${at}
      where id = ${id} and conversation_id = ${conversationId} and tenant_id = ${t} and sender_id = ${userId} and deleted_at is null
      returning id, read_at
    ), u as (
      update ${cc} c set
        unread_a = c.unread_a - (case when c.participant_b = ${userId} and exists (select 1 from m where read_at is null) then 1 else 0 end),
        unread_b = c.unread_b - (case when c.participant_a = ${userId} and exists (select 1 from m where read_at is null) then 1 else 0 end),
        last_message_preview = (select left(x.content, ${PREVIEW_LENGTH}) from ${cm} x where x.conversation_id = c.id and x.deleted_at is null and x.id <> ${id} order by x.sent_at desc, x.id desc limit 1),
        updated_at = ${at}
      where c.id = ${conversationId} and c.tenant_id = ${t} and exists (select 1 from m)
      returning c.id
    )
    select (select count(*) from m)::int as n`);
  return Number(res.rows[0]?.n ?? 0) > 0 ? at : undefined;
}

/** Marks what the other side sent and `userId` has not read; their counter goes down by as many. Undefined when no participant. */
export async function markRead(ctx: ServiceContext, userId: string, conversationId: string): Promise<{ ids: string[]; at: Date } | undefined> {
  const db = await ctx.db();
  const t = tenantOf(ctx);
  const at = new Date();
  const res = await db.execute<{ found: number; ids: string[] | null }>(sql`
    with conv as (
      select id from ${cc} where id = ${conversationId} and tenant_id = ${t} and (participant_a = ${userId} or participant_b = ${userId})
    ), m as (
      update ${cm} set read_at = ${at}
      where conversation_id = (select id from conv) and tenant_id = ${t} and sender_id <> ${userId} and read_at is null and deleted_at is null
      returning id
    ), u as (
      update ${cc} c set
        unread_a = case when c.participant_a = ${userId} then c.unread_a - (select count(*) from m) else c.unread_a end,
        unread_b = case when c.participant_b = ${userId} then c.unread_b - (select count(*) from m) else c.unread_b end
      where c.id = (select id from conv) and exists (select 1 from m)
      returning c.id
    )
    select (select count(*) from conv)::int as found, (select coalesce(json_agg(id order by id), '[]'::json) from m) as ids`);
  const r = res.rows[0];
  if (!r || Number(r.found) === 0) return undefined;
  return { ids: r.ids ?? [], at };
}

/** Records a typing indicator unless this user sent one in the last `seconds` (one conditional update: concurrent calls cannot both pass). */
export async function touchTyping(ctx: ServiceContext, userId: string, conversationId: string, seconds: number): Promise<boolean> {
  const db = await ctx.db();
  const [row] = await db
    .update(cc)
    .set({
      typingAAt: sql`case when ${cc.participantA} = ${userId} then now() else ${cc.typingAAt} end`,
      typingBAt: sql`case when ${cc.participantB} = ${userId} then now() else ${cc.typingBAt} end`,
    })
    .where(
      ofTenant(
        cc.tenantId,
        tenantOf(ctx),
        eq(cc.id, conversationId),
        participant(userId),
        sql`coalesce(case when ${cc.participantA} = ${userId} then ${cc.typingAAt} else ${cc.typingBAt} end, '-infinity') < now() - make_interval(secs => ${seconds})`,
      ),
    )
    .returning({ id: cc.id });
  return !!row;
}
