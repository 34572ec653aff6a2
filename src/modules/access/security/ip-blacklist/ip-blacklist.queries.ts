// The IP blacklist in Postgres. Platform-wide (no tenant): entries are keyed by canonical address.
// The snapshot query reads the active list and the flood settings in one round trip.
import { and, count, desc, eq, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { BaseContext } from '../../../../context';
import { ipBlacklist } from '../../../../db/schema/access';
import { MAX_CACHED_ENTRIES, type BlacklistChange, type BlacklistEntry, type BlacklistStatus, type FloodLimit, type SnapshotRow } from './ip-blacklist.model';

type DbContext = Pick<BaseContext, 'db'>;

const active = () => or(isNull(ipBlacklist.expiresAt), sql`${ipBlacklist.expiresAt} > now()`);
const expired = () => and(isNotNull(ipBlacklist.expiresAt), sql`${ipBlacklist.expiresAt} <= now()`);

export async function listEntries(
  ctx: BaseContext,
  f: { status: BlacklistStatus; autoBlocked?: boolean; ip?: string; limit: number; offset: number },
): Promise<{ rows: BlacklistEntry[]; total: number }> {
  const filters: (SQL | undefined)[] = [
    f.status === 'active' ? active() : f.status === 'expired' ? expired() : undefined,
    f.autoBlocked !== undefined ? eq(ipBlacklist.autoBlocked, f.autoBlocked) : undefined,
    f.ip ? eq(ipBlacklist.ipAddress, f.ip) : undefined,
  ];
  const where = and(...filters);
  const db = await ctx.db();
  const [rows, [total]] = await Promise.all([
    db.select().from(ipBlacklist).where(where).orderBy(desc(ipBlacklist.blockedAt), desc(ipBlacklist.id)).limit(f.limit).offset(f.offset),
    db.select({ n: count() }).from(ipBlacklist).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export async function findEntry(ctx: BaseContext, id: string): Promise<BlacklistEntry | undefined> {
  const [row] = await (await ctx.db()).select().from(ipBlacklist).where(eq(ipBlacklist.id, id));
  return row;
}

/** A manual block: a new entry, or an expired entry for the address renewed (same id); undefined when actively blocked. */
export async function insertOrRenew(
  ctx: BaseContext,
  values: { ipAddress: string; reason: string | null; expiresAt: Date | null; createdBy: string },
): Promise<BlacklistEntry | undefined> {
  const db = await ctx.db();
  const all = { ...values, autoBlocked: false, failedAttempts: 0 };
  const [row] = await db
    .insert(ipBlacklist)
    .values(all)
    .onConflictDoUpdate({ target: ipBlacklist.ipAddress, set: { ...all, blockedAt: sql`now()`, createdAt: sql`now()` }, setWhere: expired() })
    .returning();
  return row;
}

export async function entryIdOf(ctx: BaseContext, ip: string): Promise<string | undefined> {
  const [existing] = await (await ctx.db()).select({ id: ipBlacklist.id }).from(ipBlacklist).where(eq(ipBlacklist.ipAddress, ip));
  return existing?.id;
}

export async function updateEntry(ctx: BaseContext, id: string, set: BlacklistChange): Promise<BlacklistEntry | undefined> {
  const [row] = await (await ctx.db()).update(ipBlacklist).set(set).where(eq(ipBlacklist.id, id)).returning();
  return row;
}

export async function deleteEntry(ctx: BaseContext, id: string): Promise<BlacklistEntry | undefined> {
  const [row] = await (await ctx.db()).delete(ipBlacklist).where(eq(ipBlacklist.id, id)).returning();
  return row;
}

/** Never shortens a block: a permanent entry stays permanent, a longer one keeps its expiry. */
const keepLonger = sql`case when ${ipBlacklist.expiresAt} is null then null else greatest(${ipBlacklist.expiresAt}, excluded.expires_at) end`;

/** The sign-in auto-block: blocks `ip` for `seconds`, or adds the failures to a standing entry. */
export async function upsertAutoBlock(ctx: BaseContext, ip: string, reason: string, failedAttempts: number, seconds: number): Promise<BlacklistEntry> {
  const live = sql`${ipBlacklist.expiresAt} is null or ${ipBlacklist.expiresAt} > now()`;
  const [entry] = await (await ctx.db())
    .insert(ipBlacklist)
    .values({ ipAddress: ip, reason, autoBlocked: true, failedAttempts, expiresAt: sql`now() + make_interval(secs => ${seconds})` })
    .onConflictDoUpdate({
      target: ipBlacklist.ipAddress,
      // A live entry keeps what it says; an expired one is taken over by the automatic block.
      set: {
        reason: sql`case when ${live} then ${ipBlacklist.reason} else excluded.reason end`,
        blockedAt: sql`case when ${live} then ${ipBlacklist.blockedAt} else now() end`,
        autoBlocked: sql`case when ${live} then ${ipBlacklist.autoBlocked} else true end`,
        failedAttempts: sql`${ipBlacklist.failedAttempts} + excluded.failed_attempts`,
        expiresAt: keepLonger,
      },
    })
    .returning();
  return entry!;
}

/** The flood block: `ip` for the limit's block duration (never shortening an existing block). */
export async function upsertFloodBlock(ctx: DbContext, ip: string, reason: string, limit: FloodLimit): Promise<{ id: string; expiresAt: Date | null }> {
  const [entry] = await (await ctx.db())
    .insert(ipBlacklist)
    .values({ ipAddress: ip, reason, autoBlocked: true, failedAttempts: 0, expiresAt: sql`now() + make_interval(secs => ${limit.blockSeconds})` })
    .onConflictDoUpdate({ target: ipBlacklist.ipAddress, set: { expiresAt: keepLonger } })
    .returning({ id: ipBlacklist.id, expiresAt: ipBlacklist.expiresAt });
  return entry!;
}

/** The active list (newest blocks first, at most MAX_CACHED_ENTRIES), whether it is enforced, and the flood limit. */
export async function selectSnapshot(ctx: DbContext): Promise<SnapshotRow> {
  const res = await (await ctx.db()).execute<SnapshotRow>(sql`
      select coalesce((select ip_blacklist_enabled from system_security_config where scope = 'global'), true) as enabled,
             (select json_build_object('enabled', dos_enabled, 'maxRequests', dos_max_requests_per_ip,
                                       'windowSeconds', dos_time_window_seconds, 'blockSeconds', dos_block_duration_seconds)
              from system_security_config where scope = 'global') as flood,
             coalesce((select json_agg(json_build_array(b.ip_address, (extract(epoch from b.expires_at) * 1000)::bigint))
                       from (select ip_address, expires_at from ip_blacklist
                             where expires_at is null or expires_at > now()
                             order by blocked_at desc limit ${MAX_CACHED_ENTRIES}) b), '[]'::json) as entries`);
  return res.rows[0]!;
}
