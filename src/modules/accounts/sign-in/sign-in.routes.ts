// Password sign-in and the tenant picker before it: the contract routes and what the reference
// leaves unsaid (throttling, two-factor, the tenant chosen).
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/accounts';
import { contractRoute } from '../../../http/route';

export const login = contractRoute(contract.postPublicAuthLogin, {
  description:
    'Signs in with email and password. Returns a short-lived access token (`expiresIn` seconds) and a ' +
    'refresh token, also set as an HttpOnly `refresh_token` cookie; `rememberMe` makes the session last ' +
    '30 days instead of 7. The tenant is `tenantId` when given (an active membership is required), else ' +
    "the tenant whose verified custom domain is the request's Host (when the user is a member there), else " +
    "the user's default tenant, else their first. **Two-factor:** when the user has a 2FA method " +
    'enabled, the tokens belong to a restricted session (`permissions` is empty) that can only call ' +
    '`/secure/auth/2fa/{verify,use-backup,send-code,status}` and `/secure/auth/logout`; every other ' +
    'route answers 403 with `details.reason = MFA_REQUIRED` until a code is verified, after which the same ' +
    'tokens carry full access. **Throttling:** 5 failures per account or per IP within 15 minutes block ' +
    'further attempts for 15 minutes (429 with `Retry-After`). Failed and refused attempts from one IP also count ' +
    'towards the platform auto-block (`ip_blacklist_auto_block_threshold` within an hour, default 50): the IP is then ' +
    'blacklisted for `ip_blacklist_auto_block_duration_seconds` and every request from it answers 403.',
  errors: [429],
  // Three round trips over HTTP, no connection: the reads, the tenant's reads, the writes (one atomic batch).
  database: 'http',
});

export const userTenants = contractRoute(contract.getPublicAuthUserTenants, {
  description:
    'Tenants where an email has an active membership, for a tenant picker before sign-in. An unknown email gets an empty list, exactly like an email with no active tenant, so the answer does not tell whether an account exists.',
  request: { query: z.object({ email: z.email().openapi({ description: 'Email address to look up' }) }) },
});
