// The reference's shapes of a resource: the list item, the nearby item and the detail. A caller
// limited to some resource properties (API keys' `resources.properties`) gets the optional fields
// outside the limit left out; the fields every answer requires always stay.
import { filterReadableProperties } from '../../../lib/access-permissions';
import type { ResourceRead } from './resources.model';
import type { Links } from './resources.service';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Fields the reference requires in every shape (never filtered). */
const REQUIRED = ['id', 'type', 'name', 'status', 'typeName', 'typeDefinitionId', 'created_at', 'updated_at', 'manageable', 'promotionType', 'promotionRank', 'promotionStartDate', 'promotionEndDate', 'customOrder'];

function limited<T extends Record<string, unknown>>(limit: string[] | null, shape: T, alsoRequired: readonly string[] = []): T {
  if (!limit) return shape;
  return filterReadableProperties([...limit, ...REQUIRED, ...alsoRequired], shape) as T;
}

function base(s: ResourceRead) {
  const r = s.row;
  return {
    id: r.id,
    type: r.type,
    name: r.name,
    description: r.description,
    language: r.language,
    translations_i18n: r.translations,
    status: r.status,
    typeDefinitionId: r.typeDefinitionId,
    typeName: s.typeName,
    manageable: s.manageable,
    promotionType: r.promotionType,
    promotionRank: r.promotionRank,
    promotionStartDate: iso(r.promotionStartDate),
    promotionEndDate: iso(r.promotionEndDate),
    customOrder: r.customOrder,
    space_id: r.spaceId,
    current_space_name: s.spaceName,
    currentLocation: r.currentLat === null || r.currentLng === null ? null : { latitude: r.currentLat, longitude: r.currentLng },
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
    // The media area links main media; until it lands no resource has any.
    mainMedia: null,
  };
}

const LIST_REQUIRED = ['language', 'translations_i18n', 'currentLocation', 'mainMedia'];
export const toListItem = (limit: string[] | null) => (s: ResourceRead) => limited(limit, base(s), LIST_REQUIRED);

export const toNearbyItem = (limit: string[] | null) => (s: ResourceRead & Links) =>
  limited(
    limit,
    // mediaFileIds: no media area yet, so no resource has linked files (empty also with include=media).
    { ...base(s), distanceMeters: Number(s.distanceMeters ?? 0), categories: s.categories, tags: s.tags, mediaFileIds: [] as string[] },
    [...LIST_REQUIRED, 'space_id', 'current_space_name', 'distanceMeters', 'categories', 'tags', 'mediaFileIds'],
  );

/** The detail (get, create, update, order-top, promotion). */
export function toResource(limit: string[] | null, s: ResourceRead, links: Links) {
  const r = s.row;
  return limited(limit, {
    ...base(s),
    created_by: r.createdBy,
    settings: r.settings,
    categories: links.categories,
    tags: links.tags,
    totalVisits: r.totalVisits,
    lastVisitedAt: iso(r.lastVisitedAt),
  });
}
