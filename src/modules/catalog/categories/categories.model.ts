// The category vocabulary shared by routes, handlers, services and views (no ORM for their importers).
export { CATEGORY_MAX_LEVEL } from '../../../db/schema/categories';

/** The entity types the reference lets categories link to (the entity registry decides which exist yet). */
export const LINK_ENTITY_TYPES = ['space', 'resource', 'tenant', 'group'] as const;
export type LinkEntityType = (typeof LINK_ENTITY_TYPES)[number];

/** Base-language ISO 639-1 code, optionally with a region (`de`, `de-CH`). */
export const LANGUAGE = /^[a-z]{2}(-[A-Z]{2})?$/;

export interface Translation {
  name: string;
  description: string | null;
}
export type Translations = Record<string, Translation>;

/** A category as read for an answer: the row, its translations and how many entities it has. */
export interface Category {
  id: string;
  tenantId: string;
  parentId: string | null;
  key: string;
  filterId: string | null;
  level: number;
  name: string;
  description: string | null;
  language: string;
  translations: Translations;
  usageCount: number;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface CategoryLink {
  id: string;
  tenantId: string;
  categoryId: string;
  entityType: string;
  entityId: string;
  createdBy: string | null;
  createdAt: Date;
}

export interface TranslationRow {
  id: string;
  tenantId: string;
  categoryId: string;
  locale: string;
  name: string;
  description: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ListFilter {
  parent_id?: string;
  roots?: boolean;
  filter_id?: string;
  level?: number;
  search?: string;
  limit: number;
  offset: number;
}

export interface NewCategory {
  key: string;
  name: string;
  language?: string;
  description?: string | null;
  parent_id?: string | null;
  filter_id?: string | null;
  translations_i18n?: Record<string, { name: string; description?: string }>;
}

export type CategoryPatch = Partial<NewCategory>;

/** The tenant's languages: translations may be given in these, never in a category's base language. */
export interface TenantLanguages {
  defaultLanguage: string;
  languages: string[];
}
