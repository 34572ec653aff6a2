// Bindings and variables of the Worker, typed once. Every variable is documented in README.md.
// Part of the leaf src/context/: imports nothing of ours, so every layer may import it.

export interface Env {
  /** Postgres connection string (Neon in production, the embedded server locally). */
  DATABASE_URL: string;
  /**
   * The platform path's connection string (the owner, or a role with BYPASSRLS): lookups that establish
   * the caller's tenant, public routes, the system zone, cron, queue consumers and after-commit work.
   * DATABASE_URL is then the application role, subject to row-level security (src/db/rls.ts). Unset:
   * everything uses DATABASE_URL (one role; the policies then only hold if it lacks BYPASSRLS).
   */
  PLATFORM_DATABASE_URL?: string;
  /** Local only: host:port of the WebSocket-to-TCP bridge the Neon driver goes through. */
  DB_WS_PROXY?: string;
  /** Local only: URL of the local Neon HTTP SQL endpoint (`neonConfig.fetchEndpoint`; scripts/lib/neon-http.ts). */
  DB_HTTP_ENDPOINT?: string;
  /** Milliseconds to wait for a database connection before answering 503. Default 5000. */
  DB_CONNECT_TIMEOUT_MS?: string;
  /** Milliseconds a query may run before the request gives up with 503. Default 10000. */
  DB_QUERY_TIMEOUT_MS?: string;
  /** development | test | staging | production */
  APP_ENV?: string;
  APP_VERSION?: string;
  GIT_COMMIT?: string;
  BUILD_DATE?: string;
  /** Comma-separated allowed CORS origins, or `*`. Default `*`. */
  CORS_ORIGINS?: string;
  /** Largest accepted request body in bytes. Default 1048576 (1 MiB). */
  MAX_BODY_BYTES?: string;
  /** `false` silences the per-request log line (benchmarks). Default on. */
  REQUEST_LOG?: string;

  /** HS256 key for access tokens, at least 32 characters (a secret in production). */
  JWT_SECRET?: string;
  /**
   * 32 random bytes, base64 or base64url (`openssl rand -base64 32`; a secret in production): encrypts
   * secrets at rest (TOTP seeds and outbox message content, AES-256-GCM) and keys the hashes of one-time
   * codes. No default: 2FA routes and routes that send messages answer 500 without it. Changing it makes
   * enrolled TOTP methods, pending codes and undelivered messages unusable.
   */
  ENCRYPTION_KEY?: string;
  /** Access token lifetime in seconds. Default 900. */
  ACCESS_TOKEN_TTL_SECONDS?: string;
  /** Session (refresh token) lifetime in days. Default 7; with rememberMe `REMEMBER_ME_TTL_DAYS` (30). */
  SESSION_TTL_DAYS?: string;
  REMEMBER_ME_TTL_DAYS?: string;
  /** Brute-force protection: failures per account / per IP within the window before a block. Defaults 5, 900 s, 900 s. */
  LOGIN_MAX_FAILURES?: string;
  /** Failures from one IP across accounts before its sign-ins are blocked. Default 30 (a shared office address survives). */
  LOGIN_IP_MAX_FAILURES?: string;
  LOGIN_WINDOW_SECONDS?: string;
  LOGIN_BLOCK_SECONDS?: string;
  /**
   * Seconds an isolate may use its copy of the IP blacklist, the platform security settings and
   * each tenant's security policy before reloading them. Default 5.
   */
  SECURITY_CACHE_SECONDS?: string;
  /** Base URL of the web app that opens email links (verification, password reset, invitations). */
  APP_URL?: string;
  /** Who delivers e-mail: `local` (default; kept in the outbox table, nothing leaves) | `sendgrid`. */
  EMAIL_PROVIDER?: string;
  /** Who delivers SMS and WhatsApp: `local` (default) | `twilio`. */
  SMS_PROVIDER?: string;
  /** SendGrid API key (secret; `wrangler secret put`). Sent as `Authorization: Bearer`. */
  SENDGRID_API_KEY?: string;
  /** Sender of every e-mail: `no-reply@example.com` or `Example <no-reply@example.com>`. */
  SENDGRID_FROM?: string;
  /** SendGrid API origin. Default https://api.sendgrid.com (EU accounts: https://api.eu.sendgrid.com). */
  SENDGRID_BASE_URL?: string;
  /** Twilio Account SID (`AC...`), the Basic-auth user and part of the Messages URL. */
  TWILIO_ACCOUNT_SID?: string;
  /** Twilio auth token (secret; `wrangler secret put`), the Basic-auth password. */
  TWILIO_AUTH_TOKEN?: string;
  /** Twilio sender number for SMS, E.164 (`+15005550006`). */
  TWILIO_FROM_SMS?: string;
  /** Twilio WhatsApp sender, E.164 with or without the `whatsapp:` prefix. */
  TWILIO_FROM_WHATSAPP?: string;
  /** Twilio API origin. Default https://api.twilio.com. */
  TWILIO_BASE_URL?: string;
  // OAuth / OpenID Connect sign-in (src/providers/oauth). A provider is offered when its
  // client id and secret (Apple: team id, key id and private key) are set, here or in the
  // tenant's settings (tenant credentials win).
  /** Google OAuth client id and secret (Google Cloud console → Credentials). */
  OAUTH_GOOGLE_CLIENT_ID?: string;
  OAUTH_GOOGLE_CLIENT_SECRET?: string;
  /** Microsoft Entra app (client) id and secret. */
  OAUTH_MICROSOFT_CLIENT_ID?: string;
  OAUTH_MICROSOFT_CLIENT_SECRET?: string;
  /** Microsoft directory: `common` (default), `organizations`, `consumers` or one tenant id. */
  OAUTH_MICROSOFT_TENANT?: string;
  /** Sign in with Apple Services ID (the client id). Its secret is minted from the APPLE_* key. */
  OAUTH_APPLE_CLIENT_ID?: string;
  /** Apple developer team id, Sign in with Apple key id, and that key as PKCS#8 PEM (`\n` allowed). */
  APPLE_TEAM_ID?: string;
  APPLE_KEY_ID?: string;
  APPLE_PRIVATE_KEY?: string;
  /** Facebook app id and app secret. */
  OAUTH_FACEBOOK_CLIENT_ID?: string;
  OAUTH_FACEBOOK_CLIENT_SECRET?: string;
  /** GitHub OAuth app client id and secret. */
  OAUTH_GITHUB_CLIENT_ID?: string;
  OAUTH_GITHUB_CLIENT_SECRET?: string;
  /**
   * Points one provider at a compatible OAuth server instead of its production endpoints
   * (`OAUTH_GOOGLE_BASE_URL`, … `OAUTH_GITHUB_BASE_URL`): `<base>/authorize`, `/token`, `/jwks`,
   * issuer `<base>` (Microsoft `<base>/{tenantid}/v2.0`), `/user`, `/user/emails`, `/me`.
   * Local and tests only.
   */
  OAUTH_GOOGLE_BASE_URL?: string;
  OAUTH_MICROSOFT_BASE_URL?: string;
  OAUTH_APPLE_BASE_URL?: string;
  OAUTH_FACEBOOK_BASE_URL?: string;
  OAUTH_GITHUB_BASE_URL?: string;
  /** Milliseconds to wait for any OAuth provider call before answering 503. Default 10000. */
  OAUTH_TIMEOUT_MS?: string;
  /**
   * Comma-separated client callback URLs (exact match) accepted by `/public/auth/oauth/initiate` and
   * `/secure/auth/link/{provider}` when no tenant is named or the tenant lists none of its own
   * (`authConfig.allowedOAuthRedirectUrls`). Default empty: such requests are refused.
   */
  OAUTH_ALLOWED_REDIRECT_URLS?: string;

  // Custom domain verification (src/providers/domain-check, modules/tenants/domains).
  /** DNS-over-HTTPS resolver speaking the JSON API (`application/dns-json`). Default https://cloudflare-dns.com/dns-query (Google: https://dns.google/resolve). */
  DNS_OVER_HTTPS_URL?: string;
  /** Milliseconds each verification lookup (DNS query, HTTP file fetch) may take before it fails with TIMEOUT. Default 5000. */
  DOMAIN_VERIFY_TIMEOUT_MS?: string;
  /** Target a custom domain's CNAME must point to (the platform API's host). Default: the host of APP_URL. */
  DOMAIN_CNAME_TARGET?: string;
  /**
   * Where the HTTP method fetches the verification file, `{domain}` replaced by the domain. Default
   * `http://{domain}/.well-known/pve-domain-verification.txt` (what the instructions name). Tests only point it elsewhere.
   */
  DOMAIN_HTTP_CHECK_URL?: string;
  /** Translation adapter the language sync job uses (src/lib/translation.ts). Unset: adding a language records a failed sync. */
  TRANSLATION_PROVIDER?: string;
  /**
   * `off` disables the tenant rate-limit middleware and API-call counting (benchmarks compare both).
   * Default on.
   */
  RATE_LIMITS?: string;
  /** Milliseconds an isolate gathers API-call counts before adding them to the tenant's counter object. Default 1000. */
  API_USAGE_FLUSH_MS?: string;

  FILES: R2Bucket;
  CHAT_ROOMS: DurableObjectNamespace;
  /** Rate-limit windows and API-call counts (src/realtime/rate-counter.ts). */
  RATE_COUNTER: DurableObjectNamespace<RateCounterRpc>;
  /** One Durable Object per realtime channel (src/realtime/realtime-channel.ts). */
  REALTIME_CHANNELS: DurableObjectNamespace;
  /** Seconds a realtime token (opens a WebSocket) stays valid. Default 300. */
  REALTIME_TOKEN_TTL_SECONDS?: string;
  /** Public ws(s):// URL of the realtime endpoint when the Worker sits behind a proxy. Default: derived from the request. */
  REALTIME_URL?: string;
  /** Queue `platform-reminders`: one message per reminder delivery (`{ deliveryKey }`), delayed to its trigger time. */
  REMINDERS: Queue<{ deliveryKey: string }>;
  /** `off`: the cron job does not dispatch reminders (POST /system/dispatcher/run still does). Default on. */
  DISPATCHER_CRON?: string;
  /** Queue `platform-language-sync`: one message per language sync job (`{ jobId }`). */
  LANGUAGE_SYNC: Queue<{ jobId: string }>;
}

/** One fixed-window count (src/realtime/rate-counter.ts). */
export interface HitResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the current window ends. */
  resetSeconds: number;
}

/** What the RateCounter Durable Object answers over RPC. */
export interface RateCounterRpc extends Rpc.DurableObjectBranded {
  hit(max: number, windowSeconds: number): Promise<HitResult>;
  /** Adds `n` calls to the UTC day `day`; answers the day's total. */
  addUsage(day: string, n: number): Promise<number>;
  usage(): Promise<Record<string, number>>;
  pruneUsage(day: string): Promise<void>;
}
