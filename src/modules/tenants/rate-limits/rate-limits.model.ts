// Rate-limit configurations: what a tenant limits (an endpoint pattern), per what (scope) and how much.
import type { tenantRateLimits } from '../../../db/schema/tenant-config';
export { RATE_LIMIT_SCOPES, type RateLimitScope } from '../../../db/schema/tenant-config';

export type RateLimitRow = typeof tenantRateLimits.$inferSelect;
export type RateLimitInput = Pick<RateLimitRow, 'endpointPattern' | 'maxRequests' | 'windowSeconds' | 'scopeType' | 'enabled'>;

/** What the middleware keeps per tenant. */
export type ActiveLimit = Pick<RateLimitRow, 'id' | 'endpointPattern' | 'maxRequests' | 'windowSeconds' | 'scopeType'>;

/** Largest window: 31 days. Largest count: one billion. */
export const MAX_WINDOW_SECONDS = 31 * 86_400;
export const MAX_REQUESTS = 1_000_000_000;
