// A contact's references with the linked entities' names in one statement: each linkable type
// registers a scalar subquery naming one of its entities in a tenant (users here; spaces and
// resources from their own areas), so the read is one round trip with the caller check. A type
// without one is named afterwards through the entity registry (contacts.service.ts).
import { and, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { ServiceContext } from '../../../context';
import { memberships, users } from '../../../db/schema/accounts';
import { contactLinks } from '../../../db/schema/contacts';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import type { ContactEntityType, LinkRow } from './contacts.model';

/** SQL naming the entity `entityId` of tenant `tenantId`, null when it is not there. */
export type EntityNameSql = (tenantId: string, entityId: PgColumn) => SQL<string | null>;

const names = new Map<ContactEntityType, EntityNameSql>();

export function registerContactEntityName(type: ContactEntityType, nameSql: EntityNameSql): void {
  names.set(type, nameSql);
}

export const hasNameSql = (type: string) => names.has(type as ContactEntityType);

// A member of the tenant, named as catalog's entity registry names users.
registerContactEntityName(
  'user',
  (tenantId, entityId) =>
    sql<string | null>`(select coalesce(${users.displayName}, nullif(trim(concat_ws(' ', ${users.firstName}, ${users.lastName})), ''), ${users.email}) from ${users} inner join ${memberships} on ${memberships.userId} = ${users.id} where ${and(eq(memberships.tenantId, tenantId), eq(users.id, entityId), isNull(users.deletedAt))})`,
);

/** The contact's links, newest first, each with its entity's name where a type registered SQL for it. */
export async function referencesOfContact(ctx: ServiceContext, contactId: string): Promise<{ link: LinkRow; name: string | null }[]> {
  const db = await ctx.db();
  const t = tenantOf(ctx);
  const whens = [...names].map(([type, nameSql]) => sql`when ${type} then ${nameSql(t, contactLinks.entityId)}`);
  const name = whens.length ? sql<string | null>`case ${contactLinks.entityType} ${sql.join(whens, sql` `)} end` : sql<string | null>`null`;
  return db
    .select({ link: contactLinks, name })
    .from(contactLinks)
    .where(ofTenant(contactLinks.tenantId, t, eq(contactLinks.contactId, contactId)))
    .orderBy(desc(contactLinks.createdAt), desc(contactLinks.id));
}
