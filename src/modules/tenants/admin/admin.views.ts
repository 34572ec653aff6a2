// The reference's Tenant object.
import type { TenantRow } from './admin.model';

export function toTenant(t: TenantRow) {
  return {
    id: t.id,
    name: t.name,
    slug: t.slug,
    domain: t.domain,
    status: t.status,
    description: t.description,
    type: t.type,
    contact_email: t.contactEmail,
    contact_phone: t.contactPhone,
    settings: t.settings,
    default_language: t.defaultLanguage,
    additional_languages: t.additionalLanguages,
    created_at: t.createdAt.toISOString(),
    updated_at: t.updatedAt.toISOString(),
  };
}
