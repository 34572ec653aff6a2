// The type-definition vocabulary shared by routes, handlers and services (no ORM for their importers).
export { APPLIES_TO, type AppliesTo, type SchemaDefinition } from '../../../db/schema/type-definitions';
import type { typeDefinitions } from '../../../db/schema/type-definitions';
import type { AppliesTo, SchemaDefinition } from '../../../db/schema/type-definitions';

export type TypeRow = typeof typeDefinitions.$inferSelect;
export type NewTypeRow = typeof typeDefinitions.$inferInsert;

/**
 * The legacy `category` → `appliesTo` mapping used when `appliesTo` is omitted (case-insensitive,
 * trimmed; singular and plural). Any other category needs an explicit `appliesTo` (422).
 */
export const CATEGORY_APPLIES_TO: Record<string, AppliesTo> = Object.fromEntries(
  (
    [
      ['space', ['space', 'location', 'room', 'area', 'venue', 'building', 'floor', 'site']],
      ['resource', ['resource', 'asset', 'equipment', 'device', 'vehicle', 'item', 'tool']],
      ['calendar', ['calendar', 'event', 'booking', 'schedule', 'appointment']],
      ['user', ['user', 'person', 'people', 'profile', 'member', 'staff', 'employee']],
    ] as const
  ).flatMap(([to, words]) => words.flatMap((w) => [[w, to], [w.endsWith('s') ? w : `${w}s`, to]])),
);

export const CATEGORY_DOC = (['space', 'resource', 'calendar', 'user'] as const)
  .map((to) => `${to} ← ${Object.keys(CATEGORY_APPLIES_TO).filter((k) => CATEGORY_APPLIES_TO[k] === to && !k.endsWith('s')).join(', ')}`)
  .join('; ');

export interface ListFilter {
  appliesTo?: AppliesTo;
  name?: string;
  includeSystem: boolean;
  active?: boolean;
  limit: number;
  offset: number;
}

export interface NewTypeInput {
  name: string;
  label: string;
  description?: string;
  category?: string;
  appliesTo?: AppliesTo;
  schemaDefinition: SchemaDefinition | { properties: Record<string, unknown>; required?: string[] };
}

export interface TypePatch {
  label?: string;
  description?: string;
  is_active?: boolean;
  schemaDefinition?: { properties?: Record<string, unknown>; required?: string[] };
}

/** One property of the export/import representation (JSON Schema ↔ `properties[]`, see type-definitions.mapping.ts). */
export interface PropertyItem {
  name: string;
  type: string;
  displayName: string;
  description?: string | null;
  isMandatory?: boolean;
  defaultValue?: Record<string, unknown> | null;
  validationRules?: Record<string, unknown> | null;
  displayOrder?: number;
}

export interface BundleItem {
  name: string;
  label: string;
  description?: string | null;
  appliesTo: AppliesTo;
  properties?: PropertyItem[];
}

export const MERGE_STRATEGIES = ['skip', 'replace', 'merge'] as const;
export type MergeStrategy = (typeof MERGE_STRATEGIES)[number];

export interface BundleImportOptions {
  mergeStrategy: MergeStrategy;
  dryRun: boolean;
  /** File imports only: write the valid items despite errors in others. */
  skipErrors?: boolean;
}

export interface ItemError {
  index: number;
  identifier: string;
  message: string;
  code: string;
}

export interface BundleImportResult {
  success: boolean;
  dryRun: boolean;
  stats: { created: number; updated: number; skipped: number; duplicates: number; errors: number };
  warnings: string[];
  errors: ItemError[];
  written: boolean;
}
