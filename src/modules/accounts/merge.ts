// POST /secure/auth/merge-accounts: folds a second account, proven by its own access token, into the caller's.
import { and, eq, isNull, sql } from 'drizzle-orm';
import * as contract from '../../contract/accounts';
import { authConfig } from '../../config';
import { userIdentities } from '../../db/schema/identities';
import { sessions, users } from '../../db/schema/identity';
import { mfaMethods } from '../../db/schema/mfa';
import type { Tx } from '../../db/tx';
import type { Database } from '../../db/client';
import { ApiError } from '../../lib/errors';
import { ROLE_RANK } from '../../lib/permissions';
import { contractRoute } from '../../http/route';
import { newRouter } from '../../http/router';
import { verifyAccessToken } from '../../lib/tokens';
import { userPrincipal } from '../../middleware/auth';
import { setAudit } from '../../middleware/audit';
import { findUser } from './oauth-service';

const route = contractRoute(contract.postSecureAuthMergeAccounts, {
  description:
    "Merges a second account into the caller's. **Proof:** `secondaryAccessToken` must be a valid, unexpired access " +
    'token of a live, fully signed-in session (2FA done) of another active person account (422 otherwise; same account: ' +
    '422). **What moves** (one transaction): provider identities (one the caller already has for the same provider is ' +
    'dropped, with a warning), tenant memberships (where both are members the higher role is kept with `move_all`, ' +
    'the caller\'s role with `safe_only`, default `move_all`), group memberships, post-sign-in task completions ' +
    'and OAuth login history. The second account\'s sessions are revoked and the account is retired (status `retired`, ' +
    'deleted, email released as `merged+<id>@merged.invalid`, the original kept in its settings); its password and ' +
    '2FA methods are not carried over (warnings say so). `reassignedEntities` counts: identities, memberships, ' +
    'membershipRolesRaised, groupMemberships, flowCompletions, oauthLoginHistory, sessionsRevoked. **dryRun**: computes ' +
    'the same counts and warnings and writes nothing (`status` dry_run).',
  auth: { allowDuringFlow: true, usersOnly: true },
  errors: [422],
});

interface Plan {
  counts: Record<string, number>;
  warnings: string[];
}

type Db = Database | Tx;
const n = (r: { rows: Record<string, unknown>[] }) => Number(r.rows[0]?.n ?? 0);

async function plan(db: Db, primary: string, secondary: string, mode: 'move_all' | 'safe_only'): Promise<Plan> {
  const q = async (s: ReturnType<typeof sql>) => n(await db.execute(s));
  const counts = {
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
  const warnings: string[] = [];
  const both = await db.execute<{ tenant_id: string; p_role: string; s_role: string }>(sql`
    select s.tenant_id, p.role as p_role, s.role as s_role from memberships s
    join memberships p on p.user_id = ${primary} and p.tenant_id = s.tenant_id where s.user_id = ${secondary}`);
  for (const r of both.rows) {
    const higher = ROLE_RANK[r.s_role as keyof typeof ROLE_RANK] > ROLE_RANK[r.p_role as keyof typeof ROLE_RANK];
    if (!higher) continue;
    if (mode === 'move_all') counts.membershipRolesRaised++;
    else warnings.push(`Tenant ${r.tenant_id}: the secondary account's role ${r.s_role} is higher than ${r.p_role} and is not carried over (safe_only)`);
  }
  const dup = await db.execute<{ provider: string }>(sql`select s.provider from user_identities s join user_identities p
    on p.user_id = ${primary} and p.provider = s.provider where s.user_id = ${secondary}`);
  for (const r of dup.rows) warnings.push(`Both accounts have a ${r.provider} identity: the secondary one is removed`);
  const [sec] = await db.select({ passwordHash: users.passwordHash, isSystemAdmin: users.isSystemAdmin }).from(users).where(eq(users.id, secondary));
  if (sec?.passwordHash) warnings.push("The secondary account's password is not carried over");
  if (sec?.isSystemAdmin) warnings.push("The secondary account's platform administrator right is not carried over");
  const [mfa] = await db.select({ id: mfaMethods.id }).from(mfaMethods).where(eq(mfaMethods.userId, secondary)).limit(1);
  if (mfa) warnings.push("The secondary account's two-factor methods are not carried over");
  return { counts, warnings };
}

async function apply(tx: Tx, primary: string, secondary: string, mode: 'move_all' | 'safe_only', originalEmail: string) {
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

export const mergeRoutes = newRouter().openapi(route, async (c) => {
  const p = await userPrincipal(c);
  const body = c.req.valid('json');
  const mode = body.mergeMode ?? 'move_all';
  let claims;
  try {
    claims = await verifyAccessToken(authConfig(c.env).jwtSecret, body.secondaryAccessToken);
  } catch {
    throw new ApiError('UNPROCESSABLE_ENTITY', 'secondaryAccessToken is not a valid access token', { reason: 'SECONDARY_TOKEN_INVALID' });
  }
  if (claims.sub === p.userId) throw new ApiError('UNPROCESSABLE_ENTITY', 'secondaryAccessToken belongs to the signed-in account', { reason: 'SAME_ACCOUNT' });
  const db = await c.var.db();
  const [session] = await db
    .select({ ok: sql<boolean>`${sessions.revokedAt} is null and ${sessions.expiresAt} > now() and not ${sessions.mfaPending}` })
    .from(sessions)
    .where(and(eq(sessions.id, claims.sid), eq(sessions.userId, claims.sub)));
  if (!session?.ok) throw new ApiError('UNPROCESSABLE_ENTITY', "The secondary account's session is expired, revoked or awaiting 2FA", { reason: 'SECONDARY_TOKEN_INVALID' });
  const secondary = await findUser(db, { id: claims.sub });
  if (!secondary || secondary.status !== 'active' || secondary.kind !== 'user') {
    throw new ApiError('UNPROCESSABLE_ENTITY', 'The secondary account is not an active person account', { reason: 'SECONDARY_NOT_MERGEABLE' });
  }
  const planned = await plan(db, p.userId, secondary.id, mode);
  if (!body.dryRun) {
    await db.transaction((tx) => apply(tx, p.userId, secondary.id, mode, secondary.email));
    setAudit(c, { action: 'user.merge', resourceType: 'user', resourceId: secondary.id, details: { mode, counts: planned.counts } });
  }
  return c.json(
    {
      data: {
        primaryUserId: p.userId,
        secondaryUserId: secondary.id,
        status: body.dryRun ? ('dry_run' as const) : ('completed' as const),
        reassignedEntities: planned.counts,
        warnings: planned.warnings,
        deletedSecondaryAccount: !body.dryRun,
      },
    },
    200,
  );
});
