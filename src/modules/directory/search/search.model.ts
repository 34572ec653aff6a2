// The search vocabulary shared by routes, handlers, the service and the queries.
export const SEARCH_TYPES = ['space', 'resource', 'contact', 'category', 'tag', 'user'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

/** The permission each type needs to be searched. */
export const TYPE_PERMISSION: Record<SearchType, string> = {
  space: 'spaces:read',
  resource: 'resources:read',
  contact: 'contacts:read',
  category: 'taxonomy:read',
  tag: 'taxonomy:read',
  user: 'users:read',
};

/**
 * Who searches, as the query needs it. `permissions` undefined: the read went out with the caller
 * check, before the caller was loaded, so a person's permissions are derived in SQL from role,
 * groups and platform admin (the same derivation effectivePermissions makes).
 */
export interface SearchCaller {
  userId: string | undefined;
  permissions: ReadonlySet<string> | undefined;
  /** `resources.properties` of an API key or app account: null = every property. */
  properties: string[] | null;
}

export interface SearchInput {
  q: string;
  types: SearchType[];
  limit: number;
  language: string | undefined;
}

export interface SearchHit {
  type: SearchType;
  id: string;
  title: string;
  description: string | null;
  status: string | null;
  spaceId: string | null;
  rank: number;
}
