// The permission object of API keys and application accounts (reference "Permission structure for
// programmatic access"), its templates, and how it maps onto the permission catalog so the same
// route-level `auth.permission` check serves users, keys and app accounts.
//
// Mapping (section.flag → catalog codes):
//   resources.read/write/delete   → resources:read / resources:write / resources:delete
//   spaces.read/write/delete      → spaces:read / spaces:write / spaces:delete
//   tags.read, categories.read    → taxonomy:read
//   typeDefinitions.read          → type_definitions:read
//   feedbacks.read                → feedback:read
//   geo.geocode, geo.reverse_geocode → geo:read (either flag; the geo routes check the exact flag
//                                   through `hasFlag(p.access, 'geo', 'reverse_geocode')`)
//   calendar.free_busy            → calendar:free_busy (availability only, no event details)
//   calendar.events               → calendar:read + calendar:write (+ calendar:free_busy)
//   users.read                    → users:read
//   always                        → mcp:use (the MCP server then exposes only the tools the sections
//                                   allow; mutating tools also need `mcp_write_enabled` on a key)
//   any of resources/spaces/tags/categories/users .read → search:read (the global search, which
//                                   answers only the types those sections allow)
// Nothing maps onto tenant administration (users:write, groups, api_keys, app_accounts, security...):
// a key or app account can never manage access.
import { ApiError } from './errors';
import type { Permission } from './permissions';

export interface AccessPermissions {
  resources?: { read?: boolean; write?: boolean; delete?: boolean; properties?: string[] };
  spaces?: { read?: boolean; write?: boolean; delete?: boolean };
  tags?: { read?: boolean };
  categories?: { read?: boolean };
  typeDefinitions?: { read?: boolean };
  feedbacks?: { read?: boolean };
  geo?: { geocode?: boolean; reverse_geocode?: boolean };
  calendar?: { free_busy?: boolean; events?: boolean };
  users?: { read?: boolean };
}

export const SECTIONS = ['resources', 'spaces', 'tags', 'categories', 'typeDefinitions', 'feedbacks', 'geo', 'calendar', 'users'] as const;
type Section = (typeof SECTIONS)[number];

export function toPermissionCodes(p: AccessPermissions): Permission[] {
  const out = new Set<Permission>(['mcp:use']);
  if (p.resources?.read) out.add('resources:read');
  if (p.resources?.write) out.add('resources:write');
  if (p.resources?.delete) out.add('resources:delete');
  if (p.spaces?.read) out.add('spaces:read');
  if (p.spaces?.write) out.add('spaces:write');
  if (p.spaces?.delete) out.add('spaces:delete');
  if (p.tags?.read || p.categories?.read) out.add('taxonomy:read');
  if (p.typeDefinitions?.read) out.add('type_definitions:read');
  if (p.feedbacks?.read) out.add('feedback:read');
  if (p.geo?.geocode || p.geo?.reverse_geocode) out.add('geo:read');
  if (p.calendar?.free_busy) out.add('calendar:free_busy');
  if (p.calendar?.events) {
    out.add('calendar:read');
    out.add('calendar:write');
    out.add('calendar:free_busy');
  }
  if (p.users?.read) out.add('users:read');
  if (p.resources?.read || p.spaces?.read || p.tags?.read || p.categories?.read || p.users?.read) out.add('search:read');
  return [...out];
}

const all = (v: boolean): Required<AccessPermissions> => ({
  resources: { read: v, write: v, delete: v, properties: [] },
  spaces: { read: v, write: v, delete: v },
  tags: { read: v },
  categories: { read: v },
  typeDefinitions: { read: v },
  feedbacks: { read: v },
  geo: { geocode: v, reverse_geocode: v },
  calendar: { free_busy: v, events: v },
  users: { read: v },
});

export const TEMPLATE_NAMES = ['READ_ONLY', 'ASSET_TRACKER', 'BOOKING_SYSTEM', 'FULL_ACCESS', 'MCP_DEVELOPER'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/** Read access to the catalog-like data every integration needs (READ_ONLY and the bases of the others). */
const readOnly: Required<AccessPermissions> = {
  ...all(false),
  resources: { read: true, write: false, delete: false, properties: [] },
  spaces: { read: true, write: false, delete: false },
  tags: { read: true },
  categories: { read: true },
  typeDefinitions: { read: true },
  geo: { geocode: true, reverse_geocode: true },
};

/** Each template: a permission object and the `mcp_write_enabled` default it implies. */
export const PERMISSION_TEMPLATES: Record<TemplateName, { permissions: Required<AccessPermissions>; mcpWrite: boolean }> = {
  READ_ONLY: { permissions: readOnly, mcpWrite: false },
  ASSET_TRACKER: {
    // Moves assets: may write only where a resource is and its status.
    permissions: { ...readOnly, resources: { read: true, write: true, delete: false, properties: ['currentLocation', 'status'] } },
    mcpWrite: false,
  },
  BOOKING_SYSTEM: {
    permissions: {
      ...readOnly,
      resources: { read: true, write: true, delete: true, properties: [] },
      feedbacks: { read: true },
      calendar: { free_busy: true, events: true },
    },
    mcpWrite: false,
  },
  FULL_ACCESS: { permissions: all(true), mcpWrite: false },
  MCP_DEVELOPER: { permissions: all(true), mcpWrite: true },
};

/** Section-wise merge: `patch` flags replace `base` flags; sections not in `patch` are kept. */
export function mergePermissions(base: AccessPermissions, patch: AccessPermissions | undefined): AccessPermissions {
  if (!patch) return base;
  const out: Record<string, unknown> = { ...base };
  for (const s of SECTIONS) {
    if (patch[s] !== undefined) out[s] = { ...(base[s] ?? {}), ...patch[s] };
  }
  return out as AccessPermissions;
}

/** True when the object grants `section.flag` (e.g. `hasFlag(p.access, 'geo', 'reverse_geocode')`). */
export function hasFlag<S extends Section>(p: AccessPermissions, section: S, flag: keyof NonNullable<AccessPermissions[S]>): boolean {
  return (p[section] as Record<string, unknown> | undefined)?.[flag as string] === true;
}

// ---- Field-level access to resource properties (resources.properties) ------------------------

/** The caller's property limit: `null` = every property; a list = only those names. */
export function propertyLimit(p: { access: AccessPermissions | null }): string[] | null {
  const list = p.access?.resources?.properties;
  return list && list.length > 0 ? list : null;
}

/** Removes the properties the caller may not read (returns a new object; `null` limit = unchanged). */
export function filterReadableProperties<T extends Record<string, unknown>>(limit: string[] | null, properties: T): Partial<T> {
  if (!limit) return properties;
  const allowed = new Set(limit);
  return Object.fromEntries(Object.entries(properties).filter(([k]) => allowed.has(k))) as Partial<T>;
}

/** Names among `names` the caller may not write. */
export function forbiddenProperties(limit: string[] | null, names: Iterable<string>): string[] {
  if (!limit) return [];
  const allowed = new Set(limit);
  return [...new Set(names)].filter((n) => !allowed.has(n));
}

/** Throws 403 when a write touches a property outside the caller's limit. */
export function assertWritableProperties(limit: string[] | null, names: Iterable<string>): void {
  const denied = forbiddenProperties(limit, names);
  if (denied.length) {
    throw new ApiError('FORBIDDEN', `Not allowed to write properties: ${denied.join(', ')}`, { reason: 'PROPERTY_NOT_ALLOWED', properties: denied, allowed: limit });
  }
}
