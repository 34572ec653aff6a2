// Language sync vocabulary and the registry of translatable entities.
import type { BaseContext } from '../../../context';
import type { tenantLanguageSyncJobs } from '../../../db/schema/tenants';
import type { Translator } from '../../../lib/translation';
export { SYNC_OPERATIONS, SYNC_STATUSES, type SyncError, type SyncStatus } from '../../../db/schema/tenants';

export type SyncJobRow = typeof tenantLanguageSyncJobs.$inferSelect;
export type SyncOperation = SyncJobRow['operation'];

export interface JobFilter {
  status?: SyncJobRow['status'];
  operation?: 'add' | 'remove';
  language_code?: string;
  limit: number;
  offset: number;
}

/**
 * What the areas owning translatable entities (spaces, resources, categories, tags) register, so
 * the sync job and the coverage report reach their tables without this area knowing them.
 */
export interface TranslatableSource {
  kind: 'spaces' | 'resources' | 'categories' | 'tags';
  /** Entities of the tenant, and those with at least one additional-language translation. */
  coverage(ctx: BaseContext, tenantId: string): Promise<{ total: number; translated: number }>;
  /** How many entities a sync of the tenant touches. */
  count(ctx: BaseContext, tenantId: string): Promise<number>;
  /** Translates the tenant's entities into `language` (`from` its default), reporting each one done. */
  translate(ctx: BaseContext, tenantId: string, from: string, language: string, t: Translator, done: (n: number) => Promise<void>): Promise<void>;
  /** Drops the tenant's translations in `language`; answers how many entities changed. */
  remove(ctx: BaseContext, tenantId: string, language: string): Promise<number>;
}
