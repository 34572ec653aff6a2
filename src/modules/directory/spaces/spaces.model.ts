// The spaces vocabulary shared by routes, handlers, services and views (no ORM for their importers).
import type { spaces } from '../../../db/schema/spaces';
export { PROMOTION_TYPES, SPACE_MEMBER_ROLES, SPACE_STATUSES, SPACE_TYPES, type PromotionType, type SpaceMemberRole, type SpaceStatus, type SpaceType, type SpaceTranslations } from '../../../db/schema/spaces';
import type { SpaceStatus, SpaceTranslations, SpaceType } from '../../../db/schema/spaces';

export type SpaceRow = typeof spaces.$inferSelect;

/** A space as read for an answer: the row with what depends on the caller and the query. */
export interface SpaceRead {
  row: SpaceRow;
  typeName: string | null;
  manageable: boolean;
  distanceMeters: number | null;
}

export type { Caller, Point, PromotionInput } from '../shared/directory.model';
import type { Point } from '../shared/directory.model';

export interface ListFilter {
  type?: SpaceType;
  status?: SpaceStatus;
  category_id?: string;
  tag?: string[];
  manageable?: boolean;
  search?: string;
  near?: Point;
  radiusMeters?: number;
  limit: number;
  offset: number;
}

/** The create/PATCH body (the reference's snake_case names). */
export interface SpaceInput {
  name?: string;
  description?: string | null;
  language?: string;
  type?: SpaceType;
  type_definition_id?: string | null;
  status?: SpaceStatus;
  settings?: Record<string, unknown> | null;
  homeLocation?: { latitude: number; longitude: number } | null;
  category_ids?: string[] | null;
  tag_ids?: string[] | null;
  translations_i18n?: SpaceTranslations | null;
}
