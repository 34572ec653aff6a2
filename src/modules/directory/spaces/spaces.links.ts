// Linking a tag by name to a space: the space must be one the caller may change (the registry's
// rule), then the catalog links the name, creating a missing tag owned by the caller.
import type { ServiceContext } from '../../../context';
import { assertEntityWritable } from '../../catalog/entities';
import { linkTagNames } from '../../catalog/tags';

export async function linkTag(ctx: ServiceContext, id: string, name: string) {
  await assertEntityWritable(ctx, 'space', id);
  const [link] = await linkTagNames(ctx, 'space', id, [name]);
  ctx.audit({ action: 'tag.link', resourceType: 'space', resourceId: id, details: { tagId: link!.tagId, name } });
  return link!;
}
