// Refresh (token rotation) and sign-out: the contract routes and what the reference leaves unsaid.
import * as contract from '../../../contract/accounts';
import { contractRoute } from '../../../http/route';

export const refresh = contractRoute(contract.postPublicAuthRefresh, {
  description:
    'Exchanges a refresh token (in the body, else the HttpOnly `refresh_token` cookie) for a new access ' +
    'token and a new refresh token. Every refresh token works once: presenting a spent one revokes the ' +
    'whole session (all its tokens), since it means the token leaked. **CSRF:** when the session\'s tenant has ' +
    '`csrf_enabled`, a refresh taken from the cookie (no body token) must carry a valid CSRF token (from POST ' +
    '/api/v1/secure/security/csrf-token) in the tenant\'s `csrf_header_name` header (default X-CSRF-Token), else 403.',
  bodyOptional: true,
});

export const logout = contractRoute(contract.postSecureAuthLogout, {
  description: 'Revokes the current session on the server (its refresh tokens stop working at once; access tokens are refused on their next use) and clears the refresh cookie.',
  auth: { allowDuringFlow: true, allowMfaPending: true, allowMfaEnrollment: true, usersOnly: true },
});
