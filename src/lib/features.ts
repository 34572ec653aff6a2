// The feature catalog: every feature a tenant can switch, its category, its dependencies and the
// routes it guards. The route guard (middleware/auth.ts) answers 403 FEATURE_DISABLED on a guarded
// route when the caller's tenant has the feature off; the tenant's states travel with the caller
// check (no extra query). Tenants store only the features they changed: the rest read as the default.

export type FeatureCategory = 'core' | 'premium' | 'experimental';

export interface FeatureDefinition {
  key: string;
  name: string;
  description: string;
  category: FeatureCategory;
  /** Features that must be on for this one to be switched on (and stay on while it is). */
  dependencies: string[];
  defaultEnabled: boolean;
  /** Path prefixes (after /api/v1) of the routes this feature switches off; `*` stands for one path segment (an id). */
  guards: string[];
}

export const FEATURE_CATALOG: readonly FeatureDefinition[] = [
  { key: 'groups', name: 'User groups', description: 'Groups of users with shared permissions', category: 'core', dependencies: [], defaultEnabled: true, guards: ['/secure/groups'] },
  { key: 'invitations', name: 'Invitations', description: 'Invite people into the tenant by email, SMS or WhatsApp', category: 'core', dependencies: [], defaultEnabled: true, guards: ['/secure/invitations'] },
  { key: 'api_keys', name: 'API keys', description: 'Programmatic access with API keys', category: 'core', dependencies: [], defaultEnabled: true, guards: ['/secure/api-keys'] },
  {
    key: 'app_accounts',
    name: 'Application accounts',
    description: 'Machine users with their own credentials and permission objects',
    category: 'core',
    dependencies: ['api_keys'],
    defaultEnabled: true,
    guards: ['/secure/app-accounts'],
  },
  {
    key: 'approvals',
    name: 'Approvals',
    description: 'Approval workflow for spaces, resources and calendar entries',
    category: 'core',
    dependencies: [],
    defaultEnabled: true,
    guards: ['/secure/approvals', '/secure/me/approvals', '/secure/tenant/approval-settings'],
  },
  { key: 'custom_domains', name: 'Custom domains', description: 'Serve the tenant under its own verified domains', category: 'core', dependencies: [], defaultEnabled: true, guards: ['/secure/tenant-domains'] },
  { key: 'webhooks', name: 'Webhooks', description: 'Outgoing event notifications to tenant endpoints', category: 'premium', dependencies: [], defaultEnabled: false, guards: ['/secure/webhooks'] },
  { key: 'advanced_analytics', name: 'Advanced analytics', description: 'Usage analytics beyond the daily metrics', category: 'premium', dependencies: [], defaultEnabled: false, guards: [] },
  { key: 'sso', name: 'Single sign-on', description: 'Enterprise identity provider sign-in', category: 'premium', dependencies: [], defaultEnabled: false, guards: [] },
  { key: 'mcp', name: 'MCP server', description: 'Model Context Protocol access for AI agents', category: 'experimental', dependencies: ['api_keys'], defaultEnabled: false, guards: ['/mcp'] },
  {
    key: 'visit_metrics',
    name: 'Visit metrics',
    description: 'Visit counters of spaces, resources and calendars: tracking and resetting them',
    category: 'core',
    dependencies: [],
    defaultEnabled: true,
    guards: ['/secure/spaces/*/visit-metrics', '/secure/resources/*/visit-metrics', '/secure/calendar/*/visit-metrics', '/secure/admin/calendars/*/visit-metrics'],
  },
  { key: 'ai_translation', name: 'AI translation', description: 'Machine translation of content into the tenant languages', category: 'experimental', dependencies: [], defaultEnabled: false, guards: [] },
];

const BY_KEY = new Map(FEATURE_CATALOG.map((f) => [f.key, f]));

export const featureDefinition = (key: string): FeatureDefinition | undefined => BY_KEY.get(key);

/** A tenant's state of `key`: its stored override, else the catalog default. */
export function featureEnabled(key: string, overrides: Readonly<Record<string, boolean>>): boolean {
  return overrides[key] ?? BY_KEY.get(key)?.defaultEnabled ?? false;
}

/** `rest` is the guard's path or below it; a `*` segment of the guard matches any one segment. */
function guardMatches(guard: string, rest: string): boolean {
  if (!guard.includes('*')) return rest === guard || rest.startsWith(`${guard}/`);
  const g = guard.split('/');
  const r = rest.split('/');
  return r.length >= g.length && g.every((s, i) => s === '*' ? r[i] !== '' : s === r[i]);
}

/** The feature that guards `path` (a full /api/v1/... path), if any. */
export function guardingFeature(path: string): string | undefined {
  const rest = path.startsWith('/api/v1/') ? path.slice(7) : path;
  for (const f of FEATURE_CATALOG) {
    for (const g of f.guards) if (guardMatches(g, rest)) return f.key;
  }
  return undefined;
}
