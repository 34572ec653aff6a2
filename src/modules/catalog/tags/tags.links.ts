// Linking tags to entities: the rules every path shares (the link routes, and other areas through
// index.ts when they create, change or delete their entities). The caller has checked that the
// entity may be changed; these run in the caller's transaction (ctx.db()).
import type { Principal, ServiceContext } from '../../../context';
import { ApiError } from '../../../lib/errors';
import { batches } from '../../../lib/transfer/batches';
import { parseTagNames, uniqueNames, type LinkRow, type Owner, type TagName, type TagRow } from './tags.model';
import * as q from './tags.queries';
import * as w from './tags.writes';

/** Who owns a tag a caller creates by linking: the person (an API key: the person who made it). */
export function ownerOf(p: Principal): Owner {
  const id = p.kind === 'user' ? p.userId : p.createdBy;
  if (!id) throw new ApiError('FORBIDDEN', 'This API key has no owner to create tags for', { reason: 'no_tag_owner' });
  return { id, type: 'user' };
}

/** Links normalized names (missing tags created, existing links kept); the links in the order of `names`. */
export async function linkNormalized(ctx: ServiceContext, owner: Owner, entityType: string, entityId: string, names: TagName[]): Promise<{ tags: TagRow[]; links: LinkRow[] }> {
  const unique = uniqueNames(names);
  const locked = await w.upsertTags(ctx, unique, owner, owner.id);
  const byName = new Map(locked.map((t) => [t.name, t]));
  const ordered = unique.map((n) => byName.get(n.name)!);
  const ids = ordered.map((t) => t.id);
  const links = new Map((await w.insertLinks(ctx, ids, entityType, entityId, owner.id)).map((l) => [l.tagId, l]));
  // Names linked before: their existing links are answered (re-linking returns the link).
  const before = ids.filter((id) => !links.has(id));
  for (const l of await q.linksOf(ctx, before, entityType, entityId)) links.set(l.tagId, l);
  return { tags: ordered, links: ids.map((id) => links.get(id)!) };
}

/**
 * For other areas (e.g. a space created with tag names): links `names` to the entity, creating
 * missing tags owned by the caller. 400 for a name that is empty after normalization or too long.
 */
export async function linkTagNames(ctx: ServiceContext, entityType: string, entityId: string, names: readonly string[]): Promise<LinkRow[]> {
  if (!names.length) return [];
  const owner = ownerOf(await ctx.principal());
  return (await linkNormalized(ctx, owner, entityType, entityId, parseTagNames(names, 'tags'))).links;
}

/**
 * For other areas' imports: links each entity to its names, creating missing tags owned by the
 * caller. Set-based: every distinct name upserted and locked once (name order, IMPORT_BATCH_ROWS
 * per statement), then one insert per IMPORT_BATCH_ROWS links with the counts moved alongside.
 * 400 for a name that is empty after normalization or too long (nothing linked).
 */
export async function linkTagNamesMany(ctx: ServiceContext, entityType: string, links: readonly { entityId: string; names: readonly string[] }[]): Promise<void> {
  const parsed = links.filter((l) => l.names.length).map((l) => ({ entityId: l.entityId, names: uniqueNames(parseTagNames(l.names, 'tags')) }));
  if (!parsed.length) return;
  const owner = ownerOf(await ctx.principal());
  const names = uniqueNames(parsed.flatMap((l) => l.names)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const ids = new Map<string, string>();
  for (const batch of batches(names)) for (const t of await w.upsertTags(ctx, batch, owner, owner.id)) ids.set(t.name, t.id);
  const pairs = parsed.flatMap((l) => l.names.map((n) => ({ entityId: l.entityId, tagId: ids.get(n.name)! })));
  for (const batch of batches(pairs)) await w.insertLinksMany(ctx, entityType, batch, owner.id);
}

/** For other areas deleting an entity: removes its tag links; tags left unused and not persistent go too. */
export function unlinkEntityTags(ctx: ServiceContext, entityType: string, entityId: string): Promise<number> {
  return w.removeLinks(ctx, entityType, entityId);
}

/** Tags of each entity (one query), by entity id: for other areas' list and detail answers. */
export const tagsOf = (ctx: ServiceContext, entityType: string, entityIds: readonly string[]) => q.tagsOf(ctx, entityType, entityIds);
