// A tenant's browser-facing security policy: CORS, CSRF, CSP, HSTS, frame, content-type, XSS and
// referrer headers. Stored as one JSON document per tenant, merged over the defaults below (which
// equal the platform-wide headers, so a tenant that never configured anything sees no change).

export interface TenantSecurityConfig {
  cors_enabled: boolean;
  cors_origins: string[];
  cors_methods: string[];
  cors_allow_credentials: boolean;
  cors_max_age: number;
  csrf_enabled: boolean;
  csrf_token_expiry: number;
  csrf_cookie_name: string;
  csrf_header_name: string;
  csp_enabled: boolean;
  csp_policy: Record<string, string | string[]>;
  hsts_enabled: boolean;
  hsts_max_age: number;
  hsts_include_subdomains: boolean;
  hsts_preload: boolean;
  x_frame_options: 'DENY' | 'SAMEORIGIN';
  x_content_type_options: boolean;
  x_xss_protection: string;
  referrer_policy: string;
}

export const DEFAULT_TENANT_SECURITY: TenantSecurityConfig = {
  cors_enabled: false,
  cors_origins: [],
  cors_methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
  cors_allow_credentials: true,
  cors_max_age: 600,
  csrf_enabled: false,
  csrf_token_expiry: 3600,
  csrf_cookie_name: 'csrf_token',
  csrf_header_name: 'X-CSRF-Token',
  csp_enabled: false,
  csp_policy: { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] },
  hsts_enabled: true,
  hsts_max_age: 15_552_000,
  hsts_include_subdomains: true,
  hsts_preload: false,
  x_frame_options: 'SAMEORIGIN',
  x_content_type_options: true,
  x_xss_protection: '0',
  referrer_policy: 'no-referrer',
};

export type TenantSecurityPatch = Partial<{ [K in keyof TenantSecurityConfig]: unknown }>;

export interface StoredTenantConfig {
  config: TenantSecurityConfig;
  updatedAt: Date | null;
  updatedBy: string | null;
}
