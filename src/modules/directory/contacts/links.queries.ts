// Contact links in Postgres: generic over the entity type (user, space, resource), every
// statement filtered by the caller's tenant.
import { and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../../context';
import { contactLinks, contacts } from '../../../db/schema/contacts';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import type { ContactEntityType, LinkRow, LinkWithContact } from './contacts.model';

const ofEntity = (ctx: ServiceContext, type: ContactEntityType, id: string) =>
  ofTenant(contactLinks.tenantId, tenantOf(ctx), eq(contactLinks.entityType, type), eq(contactLinks.entityId, id));

/** The entity's links with their contacts: the primary first, then oldest first. */
export async function linksOfEntity(ctx: ServiceContext, type: ContactEntityType, id: string): Promise<LinkWithContact[]> {
  const db = await ctx.db();
  return db
    .select({ link: contactLinks, contact: contacts })
    .from(contactLinks)
    .innerJoin(contacts, and(eq(contacts.id, contactLinks.contactId), eq(contacts.tenantId, contactLinks.tenantId)))
    .where(ofEntity(ctx, type, id))
    .orderBy(desc(contactLinks.isPrimary), asc(contactLinks.createdAt), asc(contactLinks.id));
}

/**
 * Serializes primary changes of one entity until commit: two concurrent "make primary" requests
 * would otherwise both demote nothing and the second would hit the one-primary index.
 */
export async function lockEntityLinks(ctx: ServiceContext, type: ContactEntityType, id: string): Promise<void> {
  const db = await ctx.db();
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`contact_links:${tenantOf(ctx)}:${type}:${id}`}, 0))`);
}

/** Clears the entity's primary flag on every link but `keepContactId`'s. */
export async function demotePrimary(ctx: ServiceContext, type: ContactEntityType, id: string, keepContactId: string): Promise<void> {
  const db = await ctx.db();
  await db
    .update(contactLinks)
    .set({ isPrimary: false })
    .where(and(ofEntity(ctx, type, id), eq(contactLinks.isPrimary, true), ne(contactLinks.contactId, keepContactId)));
}

/** Links (or re-links) the contact; `isPrimary` undefined keeps an existing link's flag. */
export async function upsertLink(
  ctx: ServiceContext,
  l: { type: ContactEntityType; id: string; contactId: string; isPrimary: boolean | undefined; by: string | null },
): Promise<LinkRow> {
  const db = await ctx.db();
  const [row] = await db
    .insert(contactLinks)
    .values({ tenantId: tenantOf(ctx), entityType: l.type, entityId: l.id, contactId: l.contactId, isPrimary: l.isPrimary ?? false, createdBy: l.by })
    .onConflictDoUpdate({
      target: [contactLinks.contactId, contactLinks.entityType, contactLinks.entityId],
      set: { isPrimary: l.isPrimary === undefined ? sql`${contactLinks.isPrimary}` : l.isPrimary },
    })
    .returning();
  return row!;
}

export async function deleteLink(ctx: ServiceContext, type: ContactEntityType, id: string, contactId: string): Promise<boolean> {
  const db = await ctx.db();
  const gone = await db.delete(contactLinks).where(and(ofEntity(ctx, type, id), eq(contactLinks.contactId, contactId))).returning({ id: contactLinks.id });
  return gone.length > 0;
}

/** Removes every contact link of an entity (the entity's area calls it when deleting one). */
export async function deleteEntityLinks(ctx: ServiceContext, type: ContactEntityType, id: string): Promise<number> {
  const db = await ctx.db();
  return (await db.delete(contactLinks).where(ofEntity(ctx, type, id)).returning({ id: contactLinks.id })).length;
}
