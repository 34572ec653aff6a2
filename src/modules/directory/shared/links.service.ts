// Linking a tag by name to a space or resource: the entity must be one the caller may change (the
// registry's rule), then the catalog links the name, creating a missing tag owned by the caller.
import type { ServiceContext } from '../../../context';
import { assertEntityWritable } from '../../catalog/entities';
import { linkTagNames } from '../../catalog/tags';

export async function linkTag(ctx: ServiceContext, type: 'space' | 'resource', id: string, name: string) {
  await assertEntityWritable(ctx, type, id);
  const [link] = await linkTagNames(ctx, type, id, [name]);
  ctx.audit({ action: 'tag.link', resourceType: type, resourceId: id, details: { tagId: link!.tagId, name } });
  return link!;
}
