// The tenant vocabulary shared by the tenants area's resources (no ORM for their importers).
import type { tenants } from '../../../db/schema/accounts';
export { TENANT_STATUSES, TENANT_TYPES, type TenantStatus, type TenantType } from '../../../db/schema/tenants';

export type TenantRow = typeof tenants.$inferSelect;
export type TenantUpdate = Partial<Pick<TenantRow, 'name' | 'domain' | 'slug' | 'status' | 'type' | 'additionalLanguages' | 'settings' | 'storageDistributionStrategy' | 'storageFallbackChain' | 'deletedAt'>>;
export type NewTenant = Pick<TenantRow, 'name' | 'slug' | 'domain' | 'status' | 'type' | 'description' | 'contactEmail' | 'contactPhone' | 'settings' | 'defaultLanguage' | 'additionalLanguages'>;

export interface TenantFilter {
  status?: TenantRow['status'];
  type?: TenantRow['type'];
  search?: string;
  limit: number;
  offset: number;
}

export interface CreateTenantInput {
  name: string;
  domain: string;
  ownerEmail: string;
  ownerPassword: string;
  description?: string;
  type?: 'trial' | 'paid' | 'enterprise';
  contactEmail?: string;
  contactPhone?: string;
  status?: TenantRow['status'];
  defaultLanguage?: string;
  additionalLanguages?: string[];
  settings?: Record<string, unknown>;
}

export interface PatchTenantInput {
  name?: string;
  domain?: string;
  status?: TenantRow['status'];
  additional_languages?: string[];
  storage_distribution_strategy?: 'sequential' | 'distributed';
  storage_fallback_chain?: string[];
  settings?: Record<string, unknown>;
}
