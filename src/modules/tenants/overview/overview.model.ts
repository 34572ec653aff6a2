// Counts of a tenant's entities. Users and groups are counted here; the areas that own spaces,
// resources, tags, categories, contacts and media files register their counts (a scalar SQL
// expression for one tenant), so every count of a tenant is one statement. A count no area has
// registered yet is left out of /stats/counts (the reference's fields are optional) and is 0 where
// the reference requires a number (dashboard, translation coverage): the tenant has none of them.
import type { SQL } from 'drizzle-orm';

export const COUNT_KEYS = ['spaces', 'activeSpaces', 'resources', 'tags', 'categories', 'users', 'groups', 'contacts', 'mediaFiles', 'storageBytes'] as const;
export type CountKey = (typeof COUNT_KEYS)[number];
export type Counts = Partial<Record<CountKey, number>>;

/** `tenantId` → a scalar SQL expression (e.g. `(select count(*) from spaces where tenant_id = …)`). */
export type CountExpression = (tenantId: string) => SQL<number>;

export interface Activity {
  action: string;
  resourceType: string | null;
  resourceId: string;
  at: Date;
  userId: string | null;
  userName: string | null;
}
