import { drizzle } from 'drizzle-orm/node-postgres';
import { hasTag } from '../src/modules/catalog/tags/tags.queries';
import { tags } from '../src/db/schema/tags';
import { sql } from 'drizzle-orm';
const db = drizzle.mock();
console.log(db.select().from(tags).where(hasTag('t', 'group', tags.id, ['a'])).toSQL());
