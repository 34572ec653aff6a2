// Tags given by id on create/PATCH of a space or resource: they must be the tenant's (404 naming
// the unknown ones, nothing written). `replace` diffs against the current links so a tag is never
// unlinked and relinked (an unused tag would be deleted in between).
import type { ServiceContext } from '../../../context';
import { ApiError } from '../../../lib/errors';
import { tagsOf } from '../../catalog/tags';
import { insertLinks, lockTags, removeLinks } from '../../catalog/tags/tags.writes';

async function linkTagIds(ctx: ServiceContext, type: 'space' | 'resource', id: string, tagIds: readonly string[], by: string | null): Promise<void> {
  const ids = [...new Set(tagIds)];
  if (!ids.length) return;
  const found = new Set((await lockTags(ctx, ids)).map((t) => t.id));
  const missing = ids.filter((t) => !found.has(t));
  if (missing.length) throw new ApiError('NOT_FOUND', `No tag ${missing.join(', ')} in this tenant`, { reason: 'tag_not_found', tagIds: missing });
  await insertLinks(ctx, ids, type, id, by);
}

export async function setTagIds(ctx: ServiceContext, type: 'space' | 'resource', id: string, tagIds: readonly string[], by: string | null, replace = false): Promise<void> {
  if (!replace) return linkTagIds(ctx, type, id, tagIds, by);
  const current = ((await tagsOf(ctx, type, [id])).get(id) ?? []).map((t) => t.id);
  const gone = current.filter((t) => !tagIds.includes(t));
  if (gone.length) await removeLinks(ctx, type, id, gone);
  await linkTagIds(ctx, type, id, tagIds.filter((t) => !current.includes(t)), by);
}
