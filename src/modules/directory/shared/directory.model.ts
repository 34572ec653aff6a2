// The vocabulary spaces and resources share (no ORM for their importers).
import type { PromotionType, VisitActorType } from '../../../db/schema/spaces';

export interface Point {
  lat: number;
  lng: number;
}

/** Translations by locale, never the entity's own base language. */
export type Translations = Record<string, { name: string; description?: string | null }>;

export interface PromotionInput {
  promotionType: PromotionType;
  promotionRank?: number | null;
  promotionStartDate?: string | null;
  promotionEndDate?: string | null;
}

/** The visit-metric columns every counted entity has (spaces, resources). */
export interface VisitColumns {
  id: string;
  totalVisits: number;
  lastVisitedAt: Date | null;
  lastVisitedByActorType: VisitActorType | null;
  lastVisitedByActorId: string | null;
  lastResetAt: Date | null;
  lastResetByActorType: VisitActorType | null;
  lastResetByActorId: string | null;
  lastResetReason: string | null;
}

/** Who may see and change an entity, as the queries need it. */
export interface Caller {
  userId: string | undefined;
  /**
   * Tenant-wide write permission of the entity type: everything is manageable. Undefined: derived
   * in SQL from the user's role, groups and platform-admin flag (reads sent before the caller is loaded).
   */
  writesAll: boolean | undefined;
}
