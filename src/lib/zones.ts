// The zones of the API, defined once. Every path under /api/v1 belongs to one:
// - public:   no credentials (sign-up, sign-in, reference data);
// - secure:   a signed-in person, app account or API key of a tenant;
// - services: platform services (media, messaging, realtime) for the same callers as secure;
// - system:   platform administrators (health stays public).
// Authenticated zones get authentication, idempotency and the unit of work (one transaction per
// mutating request, with its audit entry); their routes must declare who may call them.

export type Zone = 'public' | 'secure' | 'services' | 'system';

export const ZONE_PREFIX: Record<Zone, string> = {
  public: '/api/v1/public',
  secure: '/api/v1/secure',
  services: '/api/v1/services',
  system: '/api/v1/system',
};

/** Zones whose routes need credentials (and so a declared `auth` requirement). */
export const AUTHENTICATED_ZONES: readonly Zone[] = ['secure', 'services', 'system'];

/** System routes anyone may call (load balancers and status pages probe health). */
export const PUBLIC_SYSTEM_PATHS: ReadonlySet<string> = new Set(['/api/v1/system/health']);

/** Health is public below `level=full` (which reports internals to system administrators only). */
export function isPublicSystemCall(path: string, level: string | undefined): boolean {
  return PUBLIC_SYSTEM_PATHS.has(path.replace(/\/$/, '')) && level !== 'full';
}

export function zoneOf(path: string): Zone | undefined {
  for (const [zone, prefix] of Object.entries(ZONE_PREFIX) as [Zone, string][]) {
    if (path.startsWith(`${prefix}/`)) return zone;
  }
  return undefined;
}

/** Whether a route at `path` requires credentials. */
export function isAuthenticatedPath(path: string): boolean {
  const zone = zoneOf(path);
  return zone !== undefined && AUTHENTICATED_ZONES.includes(zone) && !PUBLIC_SYSTEM_PATHS.has(path);
}

/**
 * Whether a route at `path` works inside one tenant: its database work runs as the application
 * role under row-level security (db/rls.ts). The system zone works across tenants.
 */
export function isTenantScopedPath(path: string): boolean {
  const zone = zoneOf(path);
  return zone === 'secure' || zone === 'services';
}
