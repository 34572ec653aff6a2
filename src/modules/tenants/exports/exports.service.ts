// The tenant's configuration as a download (.env or JSON). Secrets never leave in clear: every
// settings value under a key that names a secret (password, secret, token, key, credential,
// private) is replaced by a mask, however deep it sits; API keys and app account secrets are not
// part of the export at all (only their counts, in developer-config).
import type { TenantRow } from '../admin/admin.model';

export const MASK = '********';
const SECRET_KEY = /(pass(word)?|secret|token|api[_-]?key|access[_-]?key|private|credential|signing|salt)/i;

export function maskSecrets(value: unknown, key = ''): unknown {
  if (SECRET_KEY.test(key) && value !== null && value !== undefined && value !== '' && typeof value !== 'boolean') return MASK;
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskSecrets(v, k)]));
  return value;
}

export interface ExportInput {
  tenant: TenantRow;
  api: { baseUrl: string; openapiUrl: string; docsUrl: string };
  retentionDays: number;
}

export function configDocument({ tenant: t, api, retentionDays }: ExportInput) {
  return {
    tenant: {
      id: t.id,
      name: t.name,
      slug: t.slug,
      domain: t.domain,
      status: t.status,
      type: t.type,
      description: t.description,
      contact_email: t.contactEmail,
      contact_phone: t.contactPhone,
      default_language: t.defaultLanguage,
      additional_languages: t.additionalLanguages,
      storage_distribution_strategy: t.storageDistributionStrategy,
      created_at: t.createdAt.toISOString(),
      updated_at: t.updatedAt.toISOString(),
    },
    api: { base_url: api.baseUrl, openapi_url: api.openapiUrl, docs_url: api.docsUrl },
    log_retention_days: retentionDays,
    settings: maskSecrets(t.settings) as Record<string, unknown>,
    exported_at: new Date().toISOString(),
  };
}

const envKey = (path: string[]) => path.join('_').replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').toUpperCase();
/** Double-quoted, with the characters a dotenv parser treats specially escaped. */
const envValue = (v: unknown) => `"${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\$/g, '\\$')}"`;

function flatten(value: unknown, path: string[], out: [string, unknown][]): void {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, [...path, k], out);
  } else if (value !== null && value !== undefined) {
    out.push([envKey(path), Array.isArray(value) ? value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(',') : value]);
  }
}

export function envFile(input: ExportInput): string {
  const doc = configDocument(input);
  const lines: [string, unknown][] = [
    ['PVE_TENANT_ID', doc.tenant.id],
    ['PVE_TENANT_SLUG', doc.tenant.slug],
    ['PVE_TENANT_DOMAIN', doc.tenant.domain],
    ['PVE_TENANT_TYPE', doc.tenant.type],
    ['PVE_TENANT_STATUS', doc.tenant.status],
    ['PVE_API_BASE_URL', doc.api.base_url],
    ['PVE_OPENAPI_URL', doc.api.openapi_url],
    ['PVE_DEFAULT_LANGUAGE', doc.tenant.default_language],
    ['PVE_ADDITIONAL_LANGUAGES', doc.tenant.additional_languages.join(',')],
    ['PVE_LOG_RETENTION_DAYS', doc.log_retention_days],
  ];
  flatten(doc.settings, ['PVE_SETTINGS'], lines);
  return [
    `# ${doc.tenant.name} (${doc.tenant.slug}): configuration exported ${doc.exported_at}`,
    '# Secrets are masked. Create an API key (POST /api/v1/secure/api-keys/) and set it here; it is shown only once.',
    'PVE_API_KEY=""',
    ...lines.map(([k, v]) => `${k}=${envValue(v)}`),
    '',
  ].join('\n');
}
