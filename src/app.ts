// Builds the app: the request pipeline every route gets, the modules, /openapi.json and /docs.
import { Scalar } from '@scalar/hono-api-reference';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { timing } from 'hono/timing';
import { getPath } from 'hono/utils/url';
import { ApiError, ERROR_STATUS } from './lib/errors';
import { newRouter } from './http/router';
import { AUTHENTICATED_ZONES, isPublicSystemCall, ZONE_PREFIX } from './lib/zones';
import { requireJsonBody } from './middleware/content-type';
import { authenticate } from './middleware/auth';
import { database } from './middleware/database';
import { IDEMPOTENCY_HEADER_DOC } from './middleware/idempotency';
import { refuseNul } from './middleware/text-input';
import { notFoundHandler, onError } from './middleware/errors';
import { requestLog } from './middleware/request-log';
import { accessModule } from './modules/access';
import { accountsModule } from './modules/accounts';
import { categoriesRouter } from './modules/catalog/categories';
import { foundationRouter } from './modules/foundation';
import { domainsRouter } from './modules/tenants/domains';
import { oauthRedirectUrisRouter } from './modules/tenants/oauth-redirect-uris';
import { tenantsModule } from './modules/tenants';
import { realtimeModule } from './modules/realtime';
import { typeDefinitionsRouter } from './modules/catalog/type-definitions';
import { tagsRouter } from './modules/catalog/tags';
import { ipBlacklistGuard, tenantSecurityHeaders } from './modules/access/security';
import { tenantSettingsRouter } from './modules/tenants/settings';
import { tenantRateLimits, tenantRateLimitsRouter } from './modules/tenants/rate-limits';
import { tenantFeaturesRouter } from './modules/tenants/features';
import { tenantMetricsRouter } from './modules/tenants/metrics';
import { infoTagsRouter } from './modules/catalog/info-tags';
import { feedbackRouter } from './modules/catalog/feedback';
import { catalogTransferRouter } from './modules/catalog/transfer';
import { qrCodesRouter } from './modules/catalog/qr-codes';
import { spacesRouter } from './modules/directory/spaces';
import { contactsRouter } from './modules/directory/contacts';
import { searchRouter } from './modules/directory/search';
import { resourceMovesRouter } from './modules/directory/resource-moves';
import { resourcesRouter } from './modules/directory/resources';
import { calendarModule } from './modules/calendar';

const TIMEZONES = '/api/v1/public/timezones/';
const REQUEST_ID = /^[\w.:-]{1,128}$/;
/** A 10 MB file plus the multipart envelope and the `options` field. */
const IMPORT_MAX_BODY_BYTES = 10 * 1024 * 1024 + 64 * 1024;

/** Every `error` code a StandardErrorResponse carries, with its status (src/lib/errors.ts maps them, in one place). */
const ERRORS_DOC =
  '**Error codes** (`error` of every StandardErrorResponse; `details.reason` tells cases of one code apart where a client must, ' +
  'e.g. `MFA_REQUIRED`, `POST_AUTH_FLOW_REQUIRED`, `API_KEY_NOT_ALLOWED`, `IDEMPOTENCY_KEY_REUSED`): ' +
  Object.entries(ERROR_STATUS)
    .map(([code, status]) => `\`${code}\` ${status}`)
    .join(', ') +
  '.';

export function createApp() {
  // The reference writes collection roots with a trailing slash (`/countries/`) and everything
  // else without; clients send either. Requests are routed to whichever form is registered.
  let roots: Set<string> | undefined;
  const slashRoots = () =>
    (roots ??= new Set(app.routes.filter((r) => r.path.length > 1 && r.path.endsWith('/')).map((r) => r.path.slice(0, -1))));
  const app = newRouter({
    getPath: (req) => {
      let path = getPath(req);
      // IANA zone names hold slashes (`Europe/Zurich`): clients send them raw or encoded; route both to {name}.
      const zone = path.startsWith(TIMEZONES) ? path.slice(TIMEZONES.length).replace(/\/$/, '') : '';
      if (zone.includes('/')) path = TIMEZONES + zone.replaceAll('/', '%2F');
      if (path.length > 1 && path.endsWith('/')) {
        const trimmed = path.slice(0, -1);
        return slashRoots().has(trimmed) ? path : trimmed;
      }
      return slashRoots().has(path) ? `${path}/` : path;
    },
  });

  // A caller's X-Request-Id is kept when it is safe to log; otherwise a fresh one is made.
  app.use(async (c, next) => {
    const incoming = c.req.header('x-request-id');
    c.set('requestId', incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID());
    await next();
    c.header('X-Request-Id', c.get('requestId'));
  });
  app.use(requestLog());
  app.use(timing({ crossOrigin: true }));
  app.use(database());
  // Blocked IPs are refused here, before any other work (no database round trip of its own).
  app.use(ipBlacklistGuard());
  // The caller's tenant policy overrides the platform headers below (its after-step runs last).
  app.use(tenantSecurityHeaders());
  app.use(secureHeaders({ crossOriginResourcePolicy: 'cross-origin' }));
  app.use((c, next) =>
    cors({
      origin: (origin) => allowedOrigin(c.env?.CORS_ORIGINS ?? '*', origin),
      allowHeaders: ['Authorization', 'Content-Type', 'X-Request-Id', 'X-API-Key', 'X-Tenant-ID', 'Idempotency-Key', 'X-CSRF-Token'],
      exposeHeaders: ['X-Request-Id', 'Server-Timing', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'RateLimit-Policy'],
      maxAge: 600,
      credentials: true,
    })(c, next),
  );
  app.use((c, next) => {
    // File imports take up to 10 MB (the reference's import limit); everything else MAX_BODY_BYTES.
    const max = c.req.method === 'POST' && /\/import(\/[^/]+(\/validate)?)?$/.test(c.req.path) ? IMPORT_MAX_BODY_BYTES : Number(c.env?.MAX_BODY_BYTES ?? 1_048_576);
    return bodyLimit({
      maxSize: max,
      onError: () => {
        throw new ApiError('PAYLOAD_TOO_LARGE', `Request body exceeds ${max} bytes`);
      },
    })(c, next);
  });
  app.use(requireJsonBody());
  app.use(refuseNul());

  // The authenticated zones (lib/zones.ts) need credentials; health stays public below level=full
  // (load balancers, status pages). Idempotency runs per route, after its authorize step (http/route.ts).
  const auth = authenticate();
  for (const zone of AUTHENTICATED_ZONES) {
    app.use(`${ZONE_PREFIX[zone]}/*`, (c, next) => (isPublicSystemCall(c.req.path, c.req.query('level')) ? next() : auth(c, next)));
  }
  // Tenant rate limits and API-call counting, once the caller is known (no database round trip of its
  // own); public calls that name a tenant get its rate limits too.
  const limits = tenantRateLimits({ authenticated: true });
  for (const zone of AUTHENTICATED_ZONES) app.use(`${ZONE_PREFIX[zone]}/*`, limits);
  app.use(`${ZONE_PREFIX.public}/*`, tenantRateLimits({ authenticated: false }));

  app.route('/', foundationRouter);
  app.route('/', accountsModule);
  app.route('/', accessModule);
  app.route('/', domainsRouter);
  app.route('/', oauthRedirectUrisRouter);
  app.route('/', tenantsModule);
  app.route('/', tenantSettingsRouter);
  app.route('/', tenantRateLimitsRouter);
  app.route('/', tenantFeaturesRouter);
  app.route('/', tenantMetricsRouter);
  app.route('/', realtimeModule);
  app.route('/', infoTagsRouter).route('/', feedbackRouter);
  app.route('/', typeDefinitionsRouter);
  app.route('/', catalogTransferRouter);
  app.route('/', tagsRouter);
  app.route('/', categoriesRouter);
  app.route('/', qrCodesRouter);
  app.route('/', resourceMovesRouter);
  app.route('/', spacesRouter);
  app.route('/', contactsRouter);
  app.route('/', searchRouter);
  app.route('/', resourcesRouter);
  app.route('/', calendarModule);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKeyAuth', {
    type: 'apiKey',
    in: 'header',
    name: 'X-API-Key',
    description: 'An API key `pve_sk_{uuid}_{secret}` (also accepted as `Authorization: Bearer pve_sk_...`).',
  });
  let document: unknown;
  app.get('/openapi.json', (c) => {
    document ??= app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'Edge Platform API',
        version: c.env?.APP_VERSION ?? '0.0.0',
        description:
          'Multi-tenant platform API on Cloudflare Workers. Every error is a `StandardErrorResponse`; ' +
          'every response carries `X-Request-Id` (send your own to correlate) and `Server-Timing`.\n\n' +
          '**Credentials:** an access token (`Authorization: Bearer <jwt>`) or an API key (`Authorization: Bearer pve_sk_...` or ' +
          '`X-API-Key: pve_sk_...`). API keys can call routes whose permission their permission object grants; routes for ' +
          'signed-in people only (e.g. `/secure/auth/*`) answer 403 to keys.\n\n' +
          IDEMPOTENCY_HEADER_DOC +
          '\n\n' +
          ERRORS_DOC,
      },
    });
    return c.json(document);
  });
  app.get('/docs', Scalar({ url: '/openapi.json', pageTitle: 'Edge Platform API' }));

  app.notFound(notFoundHandler(() => app.routes));
  app.onError(onError);
  return app;
}

function allowedOrigin(setting: string, origin: string): string | null {
  if (setting.trim() === '*') return origin || '*';
  const list = setting.split(',').map((s) => s.trim());
  return list.includes(origin) ? origin : null;
}

export type App = ReturnType<typeof createApp>;
