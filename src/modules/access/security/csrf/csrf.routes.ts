// POST /secure/security/csrf-token: a CSRF token for the caller's session.
import * as contract from '../../../../contract/access';
import { contractRoute } from '../../../../http/route';

export const issue = contractRoute(contract.postSecureSecurityCsrfToken, {
  description:
    'Issues a CSRF token bound to the caller\'s tenant and session, valid for the tenant\'s `csrf_token_expiry` ' +
    '(default 3600 s). The token is also set as the tenant\'s `csrf_cookie_name` cookie (readable by scripts, ' +
    'SameSite=Strict) for double-submit clients. Tokens are signed (HMAC) and stateless: any number may be valid ' +
    'at once; signing out ends the session and with it their use. Any signed-in member may ask for one.',
  auth: {},
});
