// The info tag vocabulary shared by routes, handlers and the service (no ORM for their importers).
import type { infoTags, InfoTagTranslations } from '../../../db/schema/feedback';

export type { InfoTagTranslations } from '../../../db/schema/feedback';
export type InfoTagRow = typeof infoTags.$inferSelect;

/** ^[a-z0-9_.-]+$, 3..200 (the reference's key). */
export const INFO_TAG_KEY = /^[a-z0-9_.-]{3,200}$/;
/** A translation locale: a language, optionally with a region (`de`, `de-CH`). */
export const LOCALE = /^[a-z]{2}(-[A-Z]{2})?$/;
/** The public routes answer at most this many keys per request. */
export const MAX_PUBLIC_KEYS = 100;

export interface InfoTagInput {
  key: string;
  title: string;
  description: string;
  examples?: string[];
  translations_i18n?: InfoTagTranslations;
}

export type InfoTagPatch = Partial<Omit<InfoTagInput, 'key'>>;

export interface InfoTagFilter {
  keys?: string[];
  limit: number;
  offset: number;
}
