// Contacts in Postgres, every statement filtered by the caller's tenant.
import { asc, count, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../../context';
import { contacts } from '../../../db/schema/contacts';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import type { ContactFields, ContactFilter, ContactRow } from './contacts.model';
import { batches } from '../../../lib/transfer/batches';

/** `%term%` with LIKE's wildcards taken literally. */
const likePattern = (s: string) => `%${s.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/** A page in name order and the total of all matches, in one statement (`count(*) over ()`). */
export async function listContacts(ctx: ServiceContext, f: ContactFilter): Promise<{ rows: ContactRow[]; total: number }> {
  const db = await ctx.db();
  const p = f.search ? likePattern(f.search) : undefined;
  const where = ofTenant(
    contacts.tenantId,
    tenantOf(ctx),
    p
      ? or(ilike(contacts.firstName, p), ilike(contacts.middleName, p), ilike(contacts.lastName, p), ilike(contacts.email, p), ilike(contacts.phone, p), ilike(contacts.notes, p))
      : undefined,
  );
  const found = await db
    .select({ c: contacts, total: sql<number>`(count(*) over ())::int` })
    .from(contacts)
    .where(where)
    .orderBy(asc(contacts.lastName), asc(contacts.firstName), asc(contacts.id))
    .limit(f.limit)
    .offset(f.offset);
  // A page past the end has no row to carry the total: count separately then (rare).
  const total = found[0]?.total ?? (f.offset > 0 ? ((await db.select({ n: count() }).from(contacts).where(where))[0]?.n ?? 0) : 0);
  return { rows: found.map((r) => r.c), total };
}

/** `lock`: `update` before changing the row; `key share` keeps it from being deleted (a link to it is being made). */
export async function findContact(ctx: ServiceContext, id: string, lock?: 'update' | 'key share'): Promise<ContactRow | undefined> {
  const db = await ctx.db();
  const q = db.select().from(contacts).where(ofTenant(contacts.tenantId, tenantOf(ctx), eq(contacts.id, id)));
  const [row] = lock ? await q.for(lock) : await q;
  return row;
}

/** The caller's tenant's contacts among `ids` (entity registry lookups). */
export async function contactsByIds(ctx: ServiceContext, ids: readonly string[]): Promise<ContactRow[]> {
  const db = await ctx.db();
  return db.select().from(contacts).where(ofTenant(contacts.tenantId, tenantOf(ctx), inArray(contacts.id, [...ids])));
}

export async function insertContact(ctx: ServiceContext, fields: ContactFields, by: string | null): Promise<ContactRow> {
  const db = await ctx.db();
  const [row] = await db.insert(contacts).values({ ...fields, tenantId: tenantOf(ctx), createdBy: by, updatedBy: by }).returning();
  return row!;
}

export async function updateContact(ctx: ServiceContext, id: string, fields: ContactFields, by: string | null): Promise<ContactRow | undefined> {
  const db = await ctx.db();
  const [row] = await db
    .update(contacts)
    .set({ ...fields, updatedBy: by, updatedAt: sql`now()` })
    .where(ofTenant(contacts.tenantId, tenantOf(ctx), eq(contacts.id, id)))
    .returning();
  return row;
}

/** Deletes the contact; its links go with it (foreign key cascade). */
export async function deleteContact(ctx: ServiceContext, id: string): Promise<boolean> {
  const db = await ctx.db();
  const gone = await db.delete(contacts).where(ofTenant(contacts.tenantId, tenantOf(ctx), eq(contacts.id, id))).returning({ id: contacts.id });
  return gone.length > 0;
}

/** An import's new contacts, a thousand per statement. */
export async function insertContacts(ctx: ServiceContext, rows: ContactFields[], by: string | null): Promise<void> {
  const db = await ctx.db();
  for (const batch of batches(rows)) {
    await db.insert(contacts).values(batch.map((f) => ({ ...f, tenantId: tenantOf(ctx), createdBy: by, updatedBy: by })));
  }
}

/** An import's updates in one statement: each row carries every field as it is to be stored. */
export async function updateContacts(ctx: ServiceContext, rows: (Required<ContactFields> & { id: string })[], by: string | null): Promise<void> {
  if (!rows.length) return;
  const db = await ctx.db();
  const json = JSON.stringify(
    rows.map((r) => ({ id: r.id, first_name: r.firstName, middle_name: r.middleName, last_name: r.lastName, email: r.email, phone: r.phone, url: r.url, address: r.address, notes: r.notes })),
  );
  await db.execute(sql`
    update ${contacts} set first_name = v.first_name, middle_name = v.middle_name, last_name = v.last_name, email = v.email, phone = v.phone,
      url = v.url, address = v.address, notes = v.notes, updated_by = ${by}, updated_at = now()
    from jsonb_to_recordset(${json}::jsonb) as v(id uuid, first_name text, middle_name text, last_name text, email text, phone text, url text, address jsonb, notes text)
    where ${contacts.id} = v.id and ${contacts.tenantId} = ${tenantOf(ctx)}`);
}
