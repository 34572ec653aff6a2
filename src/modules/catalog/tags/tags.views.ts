// The reference's shapes of tags and links (snake_case, `tenantId` camel, ISO times).
import type { LinkRow, TagRow } from './tags.model';

export function toTagSummary(t: TagRow) {
  return {
    id: t.id,
    tenantId: t.tenantId,
    name: t.name,
    display_name: t.displayName,
    language: t.language,
    usage_count: t.usageCount,
    persistent: t.persistent,
    owner_id: t.ownerId,
    owner_type: t.ownerType,
    created_by: t.createdBy,
    created_at: t.createdAt.toISOString(),
    updated_at: t.updatedAt.toISOString(),
  };
}

/** The detail shape: the summary with `translations_i18n`. */
export const toTag = (t: TagRow) => ({ ...toTagSummary(t), translations_i18n: t.translations });

export const toLink = (l: LinkRow) => ({
  id: l.id,
  tenantId: l.tenantId,
  tag_id: l.tagId,
  entity_type: l.entityType as 'space' | 'resource' | 'tenant' | 'group',
  entity_id: l.entityId,
  created_by: l.createdBy,
  created_at: l.createdAt.toISOString(),
});
