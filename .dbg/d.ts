import { drizzle } from 'drizzle-orm/node-postgres';
import { eq, sql } from 'drizzle-orm';
import { tagLinks, tags } from '../src/db/schema/tags';
const db = drizzle.mock();
console.log(db.select({ links: sql<number>`(select count(*)::int from ${tagLinks} where ${tagLinks.tagId} = ${tags.id})` }).from(tags).where(eq(tags.tenantId, 'x')).toSQL());
