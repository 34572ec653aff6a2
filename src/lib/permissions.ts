// The permission catalog: every code a route can require, a group can grant or a role implies.
// A code is `<resource>:<action>`. A caller's effective permissions are the union of their role's
// and their groups' (API keys and app accounts map their permission object onto the same codes:
// see src/lib/access-permissions.ts).
import type { Role } from '../db/schema/accounts';

export const PERMISSION_CATALOG = {
  'tenant:read': 'Read the tenant, its settings and dashboard',
  'tenant:write': 'Change tenant settings, domains, languages and storage',
  'tenant:delete': 'Delete or archive the tenant',
  'users:read': 'List and read users',
  'users:write': 'Create and update users, reset their passwords',
  'users:delete': 'Remove users',
  'groups:read': 'List and read groups and their members',
  'groups:write': 'Create, update and delete groups, manage members',
  'invitations:read': 'List and read invitations',
  'invitations:write': 'Create, resend and revoke invitations',
  'api_keys:read': 'List and read API keys',
  'api_keys:write': 'Create, update, rotate and delete API keys',
  'app_accounts:read': 'List and read application accounts',
  'app_accounts:write': 'Create, update and delete application accounts',
  'security:read': 'Read the tenant security configuration',
  'security:write': 'Change the tenant security configuration',
  'audit:read': 'Read the audit log',
  'approvals:read': 'Read approval requests and settings',
  'approvals:write': 'Approve or reject requests, change approval settings',
  'flow_tasks:write': 'Manage post-sign-in flow tasks',
  'spaces:read': 'Read spaces',
  'spaces:write': 'Create and update spaces',
  'spaces:delete': 'Delete spaces',
  'resources:read': 'Read resources',
  'resources:write': 'Create and update resources',
  'resources:delete': 'Delete resources',
  'contacts:read': 'Read contacts',
  'contacts:write': 'Create, update and delete contacts',
  'search:read': 'Run the global search (each type found still needs its own read permission)',
  'taxonomy:read': 'Read categories and tags',
  'taxonomy:write': 'Manage categories and tags',
  'type_definitions:read': 'Read type definitions',
  'type_definitions:write': 'Manage type definitions',
  'calendar:read': 'Read calendars, entries and free/busy',
  'calendar:write': 'Create and update calendars, entries and reminders',
  'calendar:free_busy': 'Query free/busy availability (no event details)',
  'chat:read': 'Read conversations and messages',
  'chat:write': 'Send messages and manage conversations',
  'files:read': 'Read files and media',
  'files:write': 'Upload, update and delete files and media',
  'messaging:read': 'Read messages, templates and delivery status',
  'messaging:write': 'Send messages and manage templates',
  'webhooks:read': 'Read webhooks and deliveries',
  'webhooks:write': 'Manage webhooks',
  'integrations:read': 'Read integrations',
  'integrations:write': 'Manage integrations',
  'geo:read': 'Geocode and reverse-geocode',
  'feedback:read': 'Read feedback',
  'feedback:write': 'Give feedback (ratings and reviews)',
  'feedback:moderate': 'Flag reviews and delete others\' feedback',
  'jobs:read': 'Read background jobs',
  'jobs:write': 'Run and cancel background jobs',
  'logs:read': 'Read tenant logs',
  'data:export': 'Export data',
  'data:import': 'Import data',
  'mcp:use': 'Use the MCP server',
  'system:admin': 'Platform administration (/api/v1/system/*)',
} as const;

export type Permission = keyof typeof PERMISSION_CATALOG;
export const ALL_PERMISSIONS = Object.keys(PERMISSION_CATALOG) as Permission[];
export const isPermission = (code: string): code is Permission => code in PERMISSION_CATALOG;

const tenantWide = ALL_PERMISSIONS.filter((p) => p !== 'system:admin');
const reads = tenantWide.filter((p) => p.endsWith(':read'));
const contentWrites: Permission[] = [
  // taxonomy:write ("admin only" catalog routes) and feedback:moderate stay with owners and admins.
  'spaces:write', 'resources:write', 'contacts:write', 'calendar:write', 'chat:write',
  'files:write', 'messaging:write', 'feedback:write', 'data:export', 'mcp:use',
];

/** What each membership role implies. Groups add to this; nothing subtracts. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  system_admin: ALL_PERMISSIONS,
  owner: tenantWide,
  admin: tenantWide.filter((p) => p !== 'tenant:delete'),
  manager: [...reads.filter((p) => p !== 'audit:read' && p !== 'security:read'), ...contentWrites, 'invitations:write', 'spaces:delete', 'resources:delete', 'approvals:write', 'calendar:free_busy'],
  member: [
    'tenant:read', 'users:read', 'groups:read', 'spaces:read', 'resources:read', 'contacts:read', 'search:read', 'taxonomy:read',
    'type_definitions:read', 'calendar:read', 'calendar:write', 'calendar:free_busy', 'chat:read', 'chat:write', 'files:read', 'files:write',
    'geo:read', 'feedback:read', 'feedback:write', 'approvals:read',
  ],
  guest: ['tenant:read', 'spaces:read', 'resources:read', 'search:read', 'taxonomy:read', 'calendar:read', 'calendar:free_busy', 'chat:read', 'chat:write', 'files:read'],
};

/** Roles ordered by power; an inviter cannot grant a role above their own. */
export const ROLE_RANK: Record<Role, number> = { guest: 0, member: 1, manager: 2, admin: 3, owner: 4, system_admin: 5 };

/** Codes a group can never grant: platform administration comes only from `users.is_system_admin`. */
export const NOT_GRANTABLE_BY_GROUPS: ReadonlySet<Permission> = new Set<Permission>(['system:admin']);
export const isGroupGrantable = (code: string): code is Permission => isPermission(code) && !NOT_GRANTABLE_BY_GROUPS.has(code);

export function effectivePermissions(role: Role, isSystemAdmin: boolean, groupPermissions: string[][]): Permission[] {
  const set = new Set<Permission>(ROLE_PERMISSIONS[role]);
  if (isSystemAdmin) for (const p of ALL_PERMISSIONS) set.add(p);
  for (const list of groupPermissions) for (const p of list) if (isGroupGrantable(p)) set.add(p);
  return ALL_PERMISSIONS.filter((p) => set.has(p));
}

/** `users:read` → `{ resource: 'users', action: 'read' }` (the shape of /users/{id}/context). */
export function splitPermission(code: string): { resource: string; action: string } {
  const i = code.indexOf(':');
  return { resource: code.slice(0, i), action: code.slice(i + 1) };
}

/** The catalog as data (served by GET /api/v1/secure/iam/). */
export const catalogEntries = () =>
  ALL_PERMISSIONS.map((code) => ({ code, ...splitPermission(code), description: PERMISSION_CATALOG[code], grantableByGroups: !NOT_GRANTABLE_BY_GROUPS.has(code) }));

/** The catalog as a Markdown table, for route descriptions. */
export const catalogMarkdown = () =>
  ['| code | meaning |', '| --- | --- |', ...ALL_PERMISSIONS.map((code) => `| \`${code}\` | ${PERMISSION_CATALOG[code]} |`)].join('\n');
