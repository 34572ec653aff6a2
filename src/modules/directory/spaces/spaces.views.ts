// The reference's shapes of a space: the list item (no settings, location or links) and the detail.
import { toContactPoints, type LinkWithContact } from '../contacts';
import type { SpaceRead } from './spaces.model';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Fields every shape of a space shares. */
export function toListItem(s: SpaceRead) {
  const r = s.row;
  return {
    id: r.id,
    tenantId: r.tenantId,
    name: r.name,
    description: r.description,
    language: r.language,
    type: r.type,
    typeDefinitionId: r.typeDefinitionId,
    typeName: s.typeName,
    status: r.status,
    manageable: s.manageable,
    promotionType: r.promotionType,
    promotionRank: r.promotionRank,
    promotionStartDate: iso(r.promotionStartDate),
    promotionEndDate: iso(r.promotionEndDate),
    customOrder: r.customOrder,
    created_by: r.createdBy,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
    translations_i18n: r.translations,
    distanceMeters: s.distanceMeters === null ? null : Number(s.distanceMeters),
    // The media area links main media; until it lands no space has any.
    mainMedia: null,
  };
}

export interface Links {
  categories: { id: string; key: string; name: string }[];
  tags: { id: string; name: string }[];
  /** Linked contacts, left empty for a caller without `contacts:read`. */
  contacts: LinkWithContact[];
}

/** The detail (get, create, update, order-top, promotion). */
export function toSpace(s: SpaceRead, links: Links) {
  const r = s.row;
  return {
    ...toListItem(s),
    settings: r.settings,
    homeLocation: r.homeLat === null || r.homeLng === null ? null : { latitude: r.homeLat, longitude: r.homeLng },
    categories: links.categories,
    tags: links.tags,
    contacts: toContactPoints(links.contacts),
    totalVisits: r.totalVisits,
    lastVisitedAt: iso(r.lastVisitedAt),
  };
}

export { toVisitMetrics } from '../shared/directory.rules';
