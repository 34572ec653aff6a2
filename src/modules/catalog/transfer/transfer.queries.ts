// The generic import and export's own read: the tenant's languages (for translation columns).
import type { ServiceContext } from '../../../context';
import { tenantLanguages as languagesOf } from '../shared/languages';
import type { TenantLanguages } from './transfer.registry';

export async function tenantLanguages(ctx: ServiceContext): Promise<TenantLanguages> {
  const l = await languagesOf(ctx);
  return { defaultLanguage: l.base, additionalLanguages: l.additional };
}
