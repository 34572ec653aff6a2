// What a merge reads and moves, in Postgres: rows of the two accounts named explicitly.
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { BaseContext } from '../../../context';
import { userIdentities } from '../../../db/schema/accounts';
import { sessions, users } from '../../../db/schema/accounts';
import { mfaMethods } from '../../../db/schema/accounts';
import type { MergeMode } from './merge.model';

const n = (r: { rows: Record<string, unknown>[] }) => Number(r.rows[0]?.n ?? 0);

/** Whether the session is live, unexpired and past its second factor, and belongs to `userId`. */
export async function sessionFullySignedIn(ctx: BaseContext, sessionId: string, userId: string): Promise<boolean> {
  const db = await ctx.db();
  const [session] = await db
    .select({ ok: sql<boolean>`${sessions.revokedAt} is null and ${sessions.expiresAt} > now() and not ${sessions.mfaPending}` })
    .from(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)));
  return Boolean(session?.ok);
}

/** How many rows of `secondary` would move to `primary` (before roles are compared). */
export async function moveCounts(ctx: BaseContext, primary: string, secondary: string) {
  const db = await ctx.db();
  const q = async (s: ReturnType<typeof sql>) => n(await db.execute(s));
  return {
    identities: await q(sql`select count(*) as n from user_identities s where s.user_id = ${secondary}
      and not exists (select 1 from user_identities p where p.user_id = ${primary} and p.provider = s.provider)`),
    memberships: await q(sql`select count(*) as n from memberships s where s.user_id = ${secondary}
      and not exists (select 1 from memberships p where p.user_id = ${primary} and p.tenant_id = s.tenant_id)`),
    membershipRolesRaised: 0,
    groupMemberships: await q(sql`select count(*) as n from group_members s where s.user_id = ${secondary}
      and not exists (select 1 from group_members p where p.user_id = ${primary} and p.group_id = s.group_id)`),
    flowCompletions: await q(sql`select count(*) as n from flow_task_completions s where s.user_id = ${secondary}
      and (s.cleared_at is not null or not exists (select 1 from flow_task_completions p
           where p.user_id = ${primary} and p.task_id = s.task_id and p.cleared_at is null))`),
    oauthLoginHistory: await q(sql`select count(*) as n from oauth_login_history where user_id = ${secondary}`),
    sessionsRevoked: await q(sql`select count(*) as n from sessions where user_id = ${secondary} and revoked_at is null and expires_at > now()`),
  };
}

/** Tenants where both accounts are members, with both roles. */
export async function sharedMemberships(ctx: BaseContext, primary: string, secondary: string) {
  const db = await ctx.db();
  const both = await db.execute<{ tenant_id: string; p_role: string; s_role: string }>(sql`
    select s.tenant_id, p.role as p_role, s.role as s_role from memberships s
    join memberships p on p.user_id = ${primary} and p.tenant_id = s.tenant_id where s.user_id = ${secondary}`);
  return both.rows;
}

/** Providers both accounts have an identity of. */
export async function sharedProviders(ctx: BaseContext, primary: string, secondary: string): Promise<string[]> {
  const db = await ctx.db();
  const dup = await db.execute<{ provider: string }>(sql`select s.provider from user_identities s join user_identities p
    on p.user_id = ${primary} and p.provider = s.provider where s.user_id = ${secondary}`);
  return dup.rows.map((r) => r.provider);
}

/** What of the secondary account is not carried over: password, platform admin right, 2FA methods. */
export async function leftBehind(ctx: BaseContext, secondary: string) {
  const db = await ctx.db();
  const [sec] = await db.select({ passwordHash: users.passwordHash, isSystemAdmin: users.isSystemAdmin }).from(users).where(eq(users.id, secondary));
  const [mfa] = await db.select({ id: mfaMethods.id }).from(mfaMethods).where(eq(mfaMethods.userId, secondary)).limit(1);
  return { password: Boolean(sec?.passwordHash), systemAdmin: Boolean(sec?.isSystemAdmin), mfa: Boolean(mfa) };
}

/** Moves everything of `secondary` to `primary` and retires `secondary` (in the caller's transaction). */
export async function applyMerge(ctx: BaseContext, primary: string, secondary: string, mode: MergeMode, originalEmail: string): Promise<void> {
  const tx = await ctx.db();
  await tx.execute(sql`delete from user_identities s where s.user_id = ${secondary}
    and exists (select 1 from user_identities p where p.user_id = ${primary} and p.provider = s.provider)`);
  await tx.update(userIdentities).set({ userId: primary, isPrimary: false }).where(eq(userIdentities.userId, secondary));
  if (mode === 'move_all') {
    await tx.execute(sql`update memberships p set role = s.role from memberships s
      where p.user_id = ${primary} and s.user_id = ${secondary} and s.tenant_id = p.tenant_id
      and (case s.role when 'guest' then 0 when 'member' then 1 when 'manager' then 2 when 'admin' then 3 when 'owner' then 4 else 5 end)
        > (case p.role when 'guest' then 0 when 'member' then 1 when 'manager' then 2 when 'admin' then 3 when 'owner' then 4 else 5 end)`);
  }
  await tx.execute(sql`update memberships s set user_id = ${primary} where s.user_id = ${secondary}
    and not exists (select 1 from memberships p where p.user_id = ${primary} and p.tenant_id = s.tenant_id)`);
  await tx.execute(sql`delete from memberships where user_id = ${secondary}`);
  await tx.execute(sql`update group_members s set user_id = ${primary} where s.user_id = ${secondary}
    and not exists (select 1 from group_members p where p.user_id = ${primary} and p.group_id = s.group_id)`);
  await tx.execute(sql`delete from group_members where user_id = ${secondary}`);
  await tx.execute(sql`update flow_task_completions s set user_id = ${primary} where s.user_id = ${secondary}
    and (s.cleared_at is not null or not exists (select 1 from flow_task_completions p
         where p.user_id = ${primary} and p.task_id = s.task_id and p.cleared_at is null))`);
  await tx.execute(sql`update oauth_login_history set user_id = ${primary} where user_id = ${secondary}`);
  await tx
    .update(sessions)
    .set({ revokedAt: sql`now()`, revokedReason: 'account_merged' })
    .where(and(eq(sessions.userId, secondary), isNull(sessions.revokedAt)));
  await tx
    .update(users)
    .set({
      status: 'retired',
      deletedAt: sql`now()`,
      email: `merged+${secondary}@merged.invalid`,
      passwordHash: null,
      settings: sql`${users.settings} || ${JSON.stringify({ mergedInto: primary, originalEmail, mergedAt: new Date().toISOString() })}::jsonb`,
      updatedAt: sql`now()`,
    })
    .where(eq(users.id, secondary));
}
