// Tenant security policy (GET/PATCH /secure/security/config) and CSRF tokens.
import { setCookie } from 'hono/cookie';
import * as contract from '../../contract/access';
import { authConfig } from '../../config';
import { ApiError } from '../../lib/errors';
import { contractRoute } from '../../http/route';
import { newRouter } from '../../http/router';
import { setAudit } from '../../middleware/audit';
import { userPrincipal } from '../../middleware/auth';
import { issueCsrfToken } from './csrf';
import { normalizePatch, readTenantConfig, tenantConfigToApi, validateTenantPatch, writeTenantConfig } from './tenant-config';

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

const get = contractRoute(contract.getSecureSecurityConfig, {
  description: `The tenant's security policy, defaults filled in. Fields: ${FIELDS} ${APPLIED} Needs security:read.`,
  auth: { permission: 'security:read' },
});

const patch = contractRoute(contract.patchSecureSecurityConfig, {
  description: `Changes the given fields of the tenant's security policy (others keep their values; \`csp_policy\` and the ` +
    `lists are replaced as a whole). Invalid values answer 400 with per-field details and change nothing. ${APPLIED} Needs security:write.`,
  auth: { permission: 'security:write' },
});

const csrf = contractRoute(contract.postSecureSecurityCsrfToken, {
  description:
    'Issues a CSRF token bound to the caller\'s tenant and session, valid for the tenant\'s `csrf_token_expiry` ' +
    '(default 3600 s). The token is also set as the tenant\'s `csrf_cookie_name` cookie (readable by scripts, ' +
    'SameSite=Strict) for double-submit clients. Tokens are signed (HMAC) and stateless: any number may be valid ' +
    'at once; signing out ends the session and with it their use. Any signed-in member may ask for one.',
  auth: {},
});

export const tenantSecurityRoutes = newRouter()
  .openapi(get, async (c) => {
    const p = await userPrincipal(c);
    const stored = await readTenantConfig(await c.var.db(), p.tenantId);
    return c.json({ data: tenantConfigToApi(p.tenantId, stored) }, 200);
  })
  .openapi(patch, async (c) => {
    const body = c.req.valid('json');
    const fields = validateTenantPatch(body);
    if (Object.keys(fields).length) {
      throw new ApiError('VALIDATION_ERROR', `Invalid body: ${Object.keys(fields).join(', ')}`, { location: 'body', fields });
    }
    const p = await userPrincipal(c);
    const db = await c.var.db();
    const changes = normalizePatch(body);
    const stored = Object.keys(changes).length ? await writeTenantConfig(db, p.tenantId, changes, p.userId) : await readTenantConfig(db, p.tenantId);
    // The policy is one per tenant: the tenant names it.
    setAudit(c, { resourceType: 'tenant_security_config', resourceId: p.tenantId, details: { fields: Object.keys(changes) } });
    return c.json({ data: tenantConfigToApi(p.tenantId, stored) }, 200);
  })
  .openapi(csrf, async (c) => {
    const p = await userPrincipal(c);
    const { config } = await readTenantConfig(await c.var.db(), p.tenantId);
    const cfg = authConfig(c.env);
    const { token, expiresAt } = await issueCsrfToken(cfg.jwtSecret, p.tenantId, p.sessionId, config.csrf_token_expiry);
    setCookie(c, config.csrf_cookie_name, token, {
      path: '/',
      sameSite: 'Strict',
      secure: cfg.secureCookies,
      httpOnly: false,
      maxAge: config.csrf_token_expiry,
    });
    return c.json({ data: { token, expires_at: expiresAt.toISOString() } }, 200);
  });
