// Tenant security policy (GET/PATCH /secure/security/config): the contract routes, who may call
// them and what the reference leaves unsaid (the fields and how the policy is applied).
import * as contract from '../../../../contract/access';
import { contractRoute } from '../../../../http/route';

const FIELDS =
  '`cors_enabled`, `cors_origins` (origins `scheme://host[:port]` or `*`, at most 100), `cors_methods` (HTTP methods), ' +
  '`cors_allow_credentials`, `cors_max_age` (0..86400 s), `csrf_enabled`, `csrf_token_expiry` (60..86400 s), ' +
  '`csrf_cookie_name`, `csrf_header_name` (HTTP tokens, ≤64 chars), `csp_enabled`, `csp_policy` (directive → string or ' +
  'array of strings, e.g. `{"default-src": ["\'self\'"]}`), `hsts_enabled`, `hsts_max_age` (0..63072000 s), ' +
  '`hsts_include_subdomains`, `hsts_preload` (needs include_subdomains), `x_frame_options` (DENY|SAMEORIGIN), ' +
  '`x_content_type_options` (nosniff on/off), `x_xss_protection` (`0`, `1`, `1; mode=block`), `referrer_policy` (a ' +
  'Referrer-Policy value). Also returned: `tenant_id`, `updated_at`, `updated_by` (null until first changed).';

const APPLIED =
  'The policy is applied to every response to this tenant\'s authenticated callers within SECURITY_CACHE_SECONDS ' +
  '(default 5 s; at once in the isolate that made the change): HSTS, CSP, X-Frame-Options, X-Content-Type-Options, ' +
  'X-XSS-Protection and Referrer-Policy replace the platform defaults; with `cors_enabled`, only Origins in ' +
  '`cors_origins` using a method in `cors_methods` receive Access-Control-Allow-Origin. CORS preflights carry no ' +
  'credentials (nor, from browsers, any X-Tenant-ID value) and are answered by the platform policy, so ' +
  '`cors_max_age` is kept for clients but preflight caching follows the platform setting. With `csrf_enabled`, ' +
  'cookie-authenticated mutating calls (today: POST /public/auth/refresh using the refresh_token cookie) must send ' +
  'a token from POST /secure/security/csrf-token in `csrf_header_name`.';

export const get = contractRoute(contract.getSecureSecurityConfig, {
  description: `The tenant's security policy, defaults filled in. Fields: ${FIELDS} ${APPLIED} Needs security:read.`,
  auth: { permission: 'security:read' },
});

export const patch = contractRoute(contract.patchSecureSecurityConfig, {
  description: `Changes the given fields of the tenant's security policy (others keep their values; \`csp_policy\` and the ` +
    `lists are replaced as a whole). Invalid values answer 400 with per-field details and change nothing. ${APPLIED} Needs security:write.`,
  auth: { permission: 'security:write' },
});
