// QR codes, their versions and links in Postgres, each filtered by the caller's tenant (tenantOf).
// The public embed's lookup is the one exception: a code's uuid is what establishes its tenant.
import { and, asc, count, desc, eq, ilike, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../../context';
import { qrCodeLinks, qrCodes, qrCodeVersions } from '../../../db/schema/qr-codes';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import { likePattern } from '../../access/shared/like';
import type { ListFilter, QrCodeRow, QrLinkRow, QrVersionRow } from './qr-codes.model';

type NewCode = typeof qrCodes.$inferInsert;
type NewVersion = typeof qrCodeVersions.$inferInsert;
type NewLink = typeof qrCodeLinks.$inferInsert;

/** A page of the tenant's codes, newest first, with the total of all matches (one statement). */
export async function listCodes(ctx: ServiceContext, f: ListFilter): Promise<{ rows: QrCodeRow[]; total: number }> {
  const db = await ctx.db();
  const where = ofTenant(
    qrCodes.tenantId,
    tenantOf(ctx),
    f.type ? eq(qrCodes.type, f.type) : undefined,
    f.renderMode ? eq(qrCodes.renderMode, f.renderMode) : undefined,
    f.accessLevel ? eq(qrCodes.accessLevel, f.accessLevel) : undefined,
    f.search ? ilike(qrCodes.name, likePattern(f.search)) : undefined,
  );
  const rows = await db
    .select({ code: qrCodes, total: sql<number>`(count(*) over ())::int` })
    .from(qrCodes)
    .where(where)
    .orderBy(desc(qrCodes.createdAt), desc(qrCodes.id))
    .limit(f.limit)
    .offset(f.offset);
  // A page past the end has no row to carry the total: count separately then (rare).
  const total = rows[0]?.total ?? (f.offset > 0 ? ((await db.select({ n: count() }).from(qrCodes).where(where))[0]?.n ?? 0) : 0);
  return { rows: rows.map((r) => r.code), total };
}

export async function findCode(ctx: ServiceContext, uuid: string, opts: { lock?: boolean } = {}): Promise<QrCodeRow | undefined> {
  const db = await ctx.db();
  const q = db.select().from(qrCodes).where(ofTenant(qrCodes.tenantId, tenantOf(ctx), eq(qrCodes.uuid, uuid)));
  const [row] = await (opts.lock ? q.for('update') : q);
  return row;
}

export async function insertCode(ctx: ServiceContext, values: Omit<NewCode, 'tenantId'>): Promise<QrCodeRow> {
  const db = await ctx.db();
  const [row] = await db.insert(qrCodes).values({ ...values, tenantId: tenantOf(ctx) }).returning();
  return row!;
}

export async function updateCode(ctx: ServiceContext, id: number, set: Partial<NewCode>): Promise<QrCodeRow> {
  const db = await ctx.db();
  const [row] = await db
    .update(qrCodes)
    .set({ ...set, updatedAt: sql`now()` })
    .where(ofTenant(qrCodes.tenantId, tenantOf(ctx), eq(qrCodes.id, id)))
    .returning();
  return row!;
}

/** Deletes the code (its versions and links go with it) and returns every R2 object it had. */
export async function deleteCode(ctx: ServiceContext, code: QrCodeRow): Promise<string[]> {
  const db = await ctx.db();
  const versions = await db
    .select({ mediaId: qrCodeVersions.mediaFileId })
    .from(qrCodeVersions)
    .where(ofTenant(qrCodeVersions.tenantId, tenantOf(ctx), eq(qrCodeVersions.qrCodeId, code.id)));
  await db.delete(qrCodes).where(ofTenant(qrCodes.tenantId, tenantOf(ctx), eq(qrCodes.id, code.id)));
  return [...new Set([code.latestMediaId, ...versions.map((v) => v.mediaId)].filter((m): m is string => Boolean(m)))];
}

export async function insertVersion(ctx: ServiceContext, values: Omit<NewVersion, 'tenantId'>): Promise<QrVersionRow> {
  const db = await ctx.db();
  const [row] = await db.insert(qrCodeVersions).values({ ...values, tenantId: tenantOf(ctx) }).returning();
  return row!;
}

/** Rows of a child table of the code `uuid`: undefined when the code is not the tenant's (one statement, a left join). */
async function childrenOf<T>(ctx: ServiceContext, uuid: string, table: typeof qrCodeVersions | typeof qrCodeLinks, order: ReturnType<typeof asc>): Promise<T[] | undefined> {
  const db = await ctx.db();
  const rows = await db
    .select({ codeId: qrCodes.id, child: table })
    .from(qrCodes)
    .leftJoin(table, and(eq(table.qrCodeId, qrCodes.id), eq(table.tenantId, qrCodes.tenantId)))
    .where(ofTenant(qrCodes.tenantId, tenantOf(ctx), eq(qrCodes.uuid, uuid)))
    .orderBy(order);
  if (rows.length === 0) return undefined;
  return rows.flatMap((r) => (r.child ? [r.child as T] : []));
}

export const versionsOf = (ctx: ServiceContext, uuid: string) => childrenOf<QrVersionRow>(ctx, uuid, qrCodeVersions, desc(qrCodeVersions.versionNumber));
export const linksOf = (ctx: ServiceContext, uuid: string) => childrenOf<QrLinkRow>(ctx, uuid, qrCodeLinks, asc(qrCodeLinks.id));

/** A new link; undefined when the code already links that entity (unique index). */
export async function insertLink(ctx: ServiceContext, values: Omit<NewLink, 'tenantId'>): Promise<QrLinkRow | undefined> {
  const db = await ctx.db();
  const [row] = await db.insert(qrCodeLinks).values({ ...values, tenantId: tenantOf(ctx) }).onConflictDoNothing().returning();
  return row;
}

/** Deletes the code's link by its integer id or its uuid; whether one was deleted. */
export async function deleteLink(ctx: ServiceContext, codeId: number, link: { id: number } | { uuid: string }): Promise<boolean> {
  const db = await ctx.db();
  const which = 'id' in link ? eq(qrCodeLinks.id, link.id) : eq(qrCodeLinks.uuid, link.uuid);
  const gone = await db
    .delete(qrCodeLinks)
    .where(ofTenant(qrCodeLinks.tenantId, tenantOf(ctx), eq(qrCodeLinks.qrCodeId, codeId), which))
    .returning({ id: qrCodeLinks.id });
  return gone.length > 0;
}

export interface EmbedRow {
  code: QrCodeRow;
  /** Entities whose permissions the code inherits: it is hidden once one of them is gone. */
  inherits: { linkedType: string; linkedUuid: string }[];
}

/** The public embed's lookup (platform path, by uuid: the uuid tells the tenant), with its inheriting links. */
export async function embedCode(ctx: ServiceContext, uuid: string): Promise<EmbedRow | undefined> {
  const db = await ctx.db();
  const [row] = await db
    .select({
      code: qrCodes,
      inherits: sql<EmbedRow['inherits']>`coalesce((select json_agg(json_build_object('linkedType', l.linked_type, 'linkedUuid', l.linked_uuid))
        from qr_code_links l where l.qr_code_id = "qr_codes"."id" and l.tenant_id = "qr_codes"."tenant_id" and l.inherits_permissions), '[]'::json)`,
    })
    .from(qrCodes)
    .where(eq(qrCodes.uuid, uuid));
  return row;
}
