// The import options spaces and resources share: `defaultTypeDefinitionId` (every entity the file
// creates takes it, with empty settings: the type must be the tenant's or a platform one, active,
// for this kind of entity and accept `{}`) and `defaultCategoryId` (every entity the file creates
// whose row names no category is linked to it: a category of the tenant). Checked before any row
// (422 naming the option, nothing written); the type again in the writing transaction, where its
// row is share-locked so a concurrent delete waits.
import type { ServiceContext } from '../../../context';
import { ApiError } from '../../../lib/errors';
import type { ImportOptions } from '../../../lib/transfer/model';
import { existingCategoryIds } from '../../catalog/categories';
import { validateSettings, type AppliesTo } from '../../catalog/type-definitions';

/** The default type accepts empty settings for `appliesTo` (422 `details.fields.defaultTypeDefinitionId` otherwise). */
export async function checkDefaultType(ctx: ServiceContext, appliesTo: AppliesTo, options: ImportOptions): Promise<void> {
  const id = options.defaultTypeDefinitionId;
  if (!id) return;
  try {
    await validateSettings(ctx, { appliesTo, typeDefinitionId: id, settings: {} });
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 422) throw e;
    const why = Object.values((e.details?.fields ?? {}) as Record<string, string[]>).flat();
    throw new ApiError('UNPROCESSABLE_ENTITY', `defaultTypeDefinitionId: ${e.message}`, { ...e.details, fields: { defaultTypeDefinitionId: why.length ? why : [e.message] } });
  }
}

/** Both defaults of the options, checked at once (one round trip). */
export async function checkImportDefaults(ctx: ServiceContext, appliesTo: AppliesTo, options: ImportOptions): Promise<void> {
  const category = options.defaultCategoryId;
  const [type, found] = await Promise.allSettled([checkDefaultType(ctx, appliesTo, options), category ? existingCategoryIds(ctx, [category]) : Promise.resolve(new Set<string>())]);
  if (type.status === 'rejected') throw type.reason;
  if (found.status === 'rejected') throw found.reason;
  if (category && !found.value.has(category)) {
    throw new ApiError('UNPROCESSABLE_ENTITY', 'defaultCategoryId names no category of this tenant', { reason: 'category_not_found', fields: { defaultCategoryId: ['No such category in this tenant'] } });
  }
}

/** The categories a created row links: its own, else the default. */
export const createdCategories = (options: ImportOptions, own: string[]) => (own.length || !options.defaultCategoryId ? own : [options.defaultCategoryId]);
