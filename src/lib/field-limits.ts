// The longest string each request field accepts, keyed by field name, so a field has the same
// maximum on every route that writes it (the reference states some; this fills in the rest).
// scripts/gen-contract.ts applies it to every request-body string the reference leaves unbounded
// (it shows as `maxLength` in /openapi.json); hand-written schemas use `fieldMax`.

/** Fields with a limit of their own (the reference's own value where it states one for the field). */
const BY_NAME: Record<string, number> = {
  // names and labels
  name: 255,
  displayName: 255,
  display_name: 255,
  tenantName: 255,
  label: 255,
  title: 255,
  subject: 255,
  template_name: 255,
  jobName: 255,
  bucket_name: 255,
  fallback_bucket: 255,
  domain: 255,
  cdn_domain: 255,
  tenantDomain: 63,
  firstName: 100,
  middleName: 100,
  lastName: 100,
  category: 100,
  region: 100,
  fallback_region: 100,
  // descriptions and short free text
  description: 2000,
  descriptionOverride: 2000,
  reason: 2000,
  changed_reason: 2000,
  comment: 2000,
  notes: 2000,
  // long free text
  content: 10_000,
  text: 10_000,
  address_template: 10_000,
  value: 10_000,
  // secrets and tokens (provider tokens and JWTs run to a few kilobytes)
  password: 128,
  currentPassword: 128,
  newPassword: 128,
  accessToken: 8192,
  refreshToken: 8192,
  secondaryAccessToken: 8192,
  oauth_access_token: 8192,
  oauth_refresh_token: 8192,
  token: 8192,
  secret: 1000,
  secret_access_key: 1000,
  // codes
  code: 100,
  inviteCode: 100,
  language: 35, // a BCP 47 tag
  locale: 35,
  preferredLanguage: 35,
  defaultLanguage: 35,
  country: 100,
  country_code: 10,
  timezone: 64,
  phone: 50,
  contactPhone: 50,
  recipient_phone: 50,
  color: 32,
  backgroundColor: 32,
  foregroundColor: 32,
  ip_address: 64,
};

export const LIMITS = { email: 254, url: 2048, default: 1000 } as const;

const URL_FIELD = /(url|uri|Url|Uri)$|^redirect|endpoint/;
const EMAIL_FIELD = /email/i;

/** The maximum length of string field `name` (`format` from the schema: email, uri, ...). */
export function fieldMax(name: string | undefined, format?: string): number {
  const field = name?.replace(/\[\]$|\{\}$/, '');
  if (field && BY_NAME[field] !== undefined) return BY_NAME[field];
  if (format === 'email' || (field && EMAIL_FIELD.test(field))) return LIMITS.email;
  if (format === 'uri' || (field && URL_FIELD.test(field))) return LIMITS.url;
  return LIMITS.default;
}
