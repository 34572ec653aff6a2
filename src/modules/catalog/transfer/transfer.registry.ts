// The generic import and export (`/secure/export/{entityType}`, `/secure/import/{entityType}`):
// one implementation per entity type, registered here by the area that owns the type (categories,
// tags, type definitions, groups; directory's spaces, resources and contacts). The generic routes
// list and serve only registered types; an area's own `/…/export` and `/…/import` routes call the
// same implementation, so both paths give the same file and the same ImportResult.
import type { ServiceContext } from '../../../context';
import type { Permission } from '../../../lib/permissions';
import type { ImportInput, ImportStats, RowError, TransferEntityType } from '../../../lib/transfer/model';

/** One page of an export: the header row and the data rows (cells as text, null = empty). */
export interface ExportTable {
  header: string[];
  /** What each column holds, written as the header cell's comment in XLSX. */
  descriptions?: Record<string, string>;
  rows: (string | null)[][];
  /** Rows in all (the file holds at most one page). */
  total: number;
  /** A filled-in example row written when the export is empty (the import skips it). */
  example?: (string | null)[];
}

/** The tenant's languages: translation columns are for the additional ones (never the base language). */
export interface TenantLanguages {
  defaultLanguage: string;
  additionalLanguages: string[];
}

/** What the generic export passes besides the page. */
export interface ExportOptions {
  /**
   * The tenant's languages, read once on first call: call it together with the page's query
   * (Promise.all) and both go to the database in one round trip.
   */
  languages(): Promise<TenantLanguages>;
}

export interface ImportOutcome {
  stats: ImportStats;
  errors: RowError[];
  warnings: string[];
  totalRows: number;
  /** Whether anything was written. */
  written: boolean;
}

export interface TransferType {
  entityType: TransferEntityType;
  /** Permission to export, and to import (besides `data:export` / `data:import` on the generic routes). */
  exportPermission: Permission;
  importPermission: Permission;
  /** Types imported earlier in a combined import (categories before what links to them). */
  order?: number;
  export(ctx: ServiceContext, page: { limit: number; offset: number }, options?: ExportOptions): Promise<ExportTable>;
  /** Validates every row; writes (all in one transaction) unless dry run or blocked by errors. */
  import(ctx: ServiceContext, input: ImportInput): Promise<ImportOutcome>;
}

const types = new Map<TransferEntityType, TransferType>();

export function registerTransferType(def: TransferType): void {
  types.set(def.entityType, def);
}

export const transferType = (entityType: string): TransferType | undefined => types.get(entityType as TransferEntityType);

/** Registered types in import order. */
export const transferTypes = (): TransferType[] => [...types.values()].sort((a, b) => (a.order ?? 100) - (b.order ?? 100) || a.entityType.localeCompare(b.entityType));
