// Conversations in Postgres. Every read is filtered by tenant and by the caller being one of the
// two participants; the caller's unread counter is picked from the side they are on.
import { and, desc, eq, gt, or, sql, type SQL } from 'drizzle-orm';
import type { ServiceContext } from '../../../context';
import { memberships } from '../../../db/schema/accounts';
import { chatConversations, realtimeChannels } from '../../../db/schema/realtime';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import { CONVERSATION_ENTITY } from '../channels/channels.model';
import type { ConversationRow, ConversationView } from './conversations.model';

const cc = chatConversations;
export const participant = (userId: string): SQL => or(eq(cc.participantA, userId), eq(cc.participantB, userId))!;
const unreadOf = (userId: string) => sql<number>`case when ${cc.participantA} = ${userId} then ${cc.unreadA} else ${cc.unreadB} end`;

/** A page of the user's conversations, most recently active first, with the total (one statement). */
export async function list(ctx: ServiceContext, userId: string, limit: number, offset: number): Promise<{ rows: ConversationView[]; total: number }> {
  const db = await ctx.db();
  const rows = await db
    .select({ row: cc, unread: unreadOf(userId), total: sql<number>`count(*) over ()`.mapWith(Number) })
    .from(cc)
    .where(ofTenant(cc.tenantId, tenantOf(ctx), participant(userId)))
    .orderBy(desc(sql`coalesce(${cc.lastMessageAt}, ${cc.createdAt})`), desc(cc.id))
    .limit(limit)
    .offset(offset);
  return { rows: rows.map((r) => ({ row: r.row, unread: r.unread })), total: rows[0]?.total ?? 0 };
}

export async function find(ctx: ServiceContext, userId: string, id: string): Promise<ConversationView | undefined> {
  const db = await ctx.db();
  const [r] = await db.select({ row: cc, unread: unreadOf(userId) }).from(cc).where(ofTenant(cc.tenantId, tenantOf(ctx), eq(cc.id, id), participant(userId)));
  return r;
}

/** The conversation's channel name, when the user takes part in it. */
export async function channelOf(ctx: ServiceContext, userId: string, id: string): Promise<string | undefined> {
  const db = await ctx.db();
  const tenantId = tenantOf(ctx);
  const [r] = await db
    .select({ name: realtimeChannels.channelName })
    .from(cc)
    .innerJoin(realtimeChannels, and(eq(realtimeChannels.tenantId, tenantId), eq(realtimeChannels.entityType, CONVERSATION_ENTITY), eq(realtimeChannels.entityId, cc.id)))
    .where(ofTenant(cc.tenantId, tenantId, eq(cc.id, id), participant(userId)));
  return r?.name;
}

/** Conversations with something unread for the user, with their counters (one statement, from the counters). */
export async function unread(ctx: ServiceContext, userId: string): Promise<{ id: string; unread: number }[]> {
  const db = await ctx.db();
  return db
    .select({ id: cc.id, unread: unreadOf(userId) })
    .from(cc)
    .where(ofTenant(cc.tenantId, tenantOf(ctx), participant(userId), gt(unreadOf(userId), 0)))
    .orderBy(desc(cc.lastMessageAt), desc(cc.id));
}

/** The pair's conversation, and whether `other` is an active member of the tenant (one statement). */
export async function pair(ctx: ServiceContext, a: string, b: string, other: string) {
  const db = await ctx.db();
  const tenantId = tenantOf(ctx);
  const res = await db.execute<{ member: boolean; id: string | null }>(sql`
    select exists (select 1 from ${memberships} m where m.user_id = ${other} and m.tenant_id = ${tenantId} and m.status = 'active') as member,
      (select id from ${cc} where tenant_id = ${tenantId} and participant_a = ${a} and participant_b = ${b}) as id`);
  return res.rows[0]!;
}

/** Inserts the pair's conversation unless it exists (a concurrent start from the other side wins the race). */
export async function insert(ctx: ServiceContext, a: string, b: string): Promise<ConversationRow | undefined> {
  const db = await ctx.db();
  const [row] = await db.insert(cc).values({ tenantId: tenantOf(ctx), participantA: a, participantB: b }).onConflictDoNothing().returning();
  return row;
}

export async function byPair(ctx: ServiceContext, a: string, b: string): Promise<ConversationRow | undefined> {
  const db = await ctx.db();
  const [row] = await db.select().from(cc).where(ofTenant(cc.tenantId, tenantOf(ctx), eq(cc.participantA, a), eq(cc.participantB, b)));
  return row;
}
