// The resources vocabulary shared by routes, handlers, services and views (no ORM for their importers).
import type { resources } from '../../../db/schema/resources';
import type { ResourceStatus, ResourceType } from '../../../db/schema/resources';
import type { Point, Translations } from '../shared/directory.model';
export { RESOURCE_MEMBER_ROLES, RESOURCE_STATUSES, RESOURCE_TYPES, type ResourceMemberRole, type ResourceStatus, type ResourceType } from '../../../db/schema/resources';
export type { Caller, Point, PromotionInput } from '../shared/directory.model';

export type ResourceRow = typeof resources.$inferSelect;

/** A resource as read for an answer: the row with what depends on the caller and the query. */
export interface ResourceRead {
  row: ResourceRow;
  typeName: string | null;
  spaceName: string | null;
  manageable: boolean;
  distanceMeters: number | null;
}

export interface ListFilter {
  type?: ResourceType;
  status?: ResourceStatus;
  space_id?: string;
  category_id?: string;
  tag?: string[];
  manageable?: boolean;
  search?: string;
  near?: Point;
  radiusMeters?: number;
  limit: number;
  offset: number;
}

/** The create/PATCH body (the reference's camelCase names). */
export interface ResourceInput {
  name?: string;
  description?: string | null;
  language?: string;
  status?: ResourceStatus;
  typeDefinitionId?: string | null;
  spaceId?: string | null;
  currentLocation?: { latitude: number; longitude: number } | null;
  settings?: Record<string, unknown> | null;
  categoryIds?: string[] | null;
  tagIds?: string[] | null;
  translationsI18n?: Translations | null;
}
