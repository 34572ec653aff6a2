// Taxonomy tags: reads, curation (admin only: curated tags, upgrade, bulk update, cleanup, delete)
// and translations. Names are normalized (tags.model.ts); linking lives in tags.links.ts.
import type { ServiceContext, UserPrincipal } from '../../../context';
import { ApiError } from '../../../lib/errors';
import { assertEntityWritable, findEntity } from '../entities';
import { linkNormalized, ownerOf } from './tags.links';
import { parseTagNames, type LinkRow, type ListFilter, type Owner, type TagRow, type TagTranslations } from './tags.model';
import * as q from './tags.queries';
import * as w from './tags.writes';
import { tenantLanguages } from '../shared/languages';
import { assertTranslationLocales } from '../shared/translations';

const tagNotFound = (id: string) => new ApiError('NOT_FOUND', `No tag ${id} in this tenant`, { reason: 'tag_not_found', tagId: id });

export const listTags = (ctx: ServiceContext, f: ListFilter) => q.listTags(ctx, f);

export async function getTag(ctx: ServiceContext, id: string): Promise<TagRow> {
  const tag = await q.findTag(ctx, id);
  if (!tag) throw tagNotFound(id);
  return tag;
}

export const tagCloud = (ctx: ServiceContext, f: { limit: number; min_count: number; language?: string }) => q.cloud(ctx, f.limit, f.min_count, f.language);

/** Tags of an entity: the entity check and the read go out together (one round trip). */
export async function entityTags(ctx: ServiceContext, entityType: string, entityId: string): Promise<TagRow[]> {
  const [, byEntity] = await Promise.all([findEntity(ctx, entityType, entityId), q.tagsOf(ctx, entityType, [entityId])]);
  return byEntity.get(entityId) ?? [];
}

export async function tagEntities(ctx: ServiceContext, id: string, f: { entity_type?: string; limit: number; offset: number }): Promise<LinkRow[]> {
  const [tag, links] = await Promise.all([q.findTag(ctx, id), q.linksOfTag(ctx, id, f)]);
  if (!tag) throw tagNotFound(id);
  return links;
}

interface LinkBody {
  entity_type: string;
  entity_id: string;
}

/** `field`: where the names came from (`tag_name` of a single link, `tag_names` of a bulk one), for 400s. */
export async function link(ctx: ServiceContext, p: UserPrincipal, body: LinkBody & { tag_names: string[] }, field: 'tag_name' | 'tag_names'): Promise<LinkRow[]> {
  const names = parseTagNames(body.tag_names, field);
  await assertEntityWritable(ctx, body.entity_type, body.entity_id);
  const { tags, links } = await linkNormalized(ctx, ownerOf(p), body.entity_type, body.entity_id, names);
  ctx.audit({
    action: 'tag.link',
    resourceType: 'tag',
    resourceId: tags[0]!.id,
    details: { entityType: body.entity_type, entityId: body.entity_id, tags: tags.map((t) => ({ id: t.id, name: t.name })) },
  });
  return links;
}

export async function unlink(ctx: ServiceContext, id: string, body: LinkBody): Promise<void> {
  // The tag first: another tenant's tag id is a 404 that names only what the path holds.
  const tag = await q.findTag(ctx, id);
  if (!tag) throw tagNotFound(id);
  await assertEntityWritable(ctx, body.entity_type, body.entity_id);
  const removed = await w.removeLinks(ctx, body.entity_type, body.entity_id, [id]);
  if (!removed) throw new ApiError('NOT_FOUND', 'The tag is not linked to this entity', { reason: 'link_not_found', tagId: id, entityType: body.entity_type, entityId: body.entity_id });
  ctx.audit({ action: 'tag.unlink', resourceType: 'tag', resourceId: id, details: { entityType: body.entity_type, entityId: body.entity_id } });
}

/** A persistent tag owned by the caller, or by one of the tenant's groups (404 for another's). */
export async function createCurated(ctx: ServiceContext, p: UserPrincipal, body: { tag_name: string; group_id?: string }): Promise<TagRow> {
  const [name] = parseTagNames([body.tag_name], 'tag_name');
  const owner: Owner = body.group_id ? { id: (await findEntity(ctx, 'group', body.group_id)).id, type: 'group' } : { id: p.userId, type: 'user' };
  const tag = await w.insertTag(ctx, name!, owner, p.userId, true);
  if (!tag) {
    const existing = await q.findTagByName(ctx, name!.name);
    throw new ApiError('CONFLICT', 'A tag with this name exists; upgrade it to make it persistent', { reason: 'tag_exists', tagId: existing?.id ?? null });
  }
  ctx.audit({ action: 'tag.create', resourceType: 'tag', resourceId: tag.id, details: { name: tag.name, ownerType: owner.type, ownerId: owner.id } });
  return tag;
}

export async function upgrade(ctx: ServiceContext, id: string): Promise<TagRow> {
  const [tag] = await w.setPersistent(ctx, [id], true);
  if (!tag) throw tagNotFound(id);
  ctx.audit({ action: 'tag.upgrade', resourceType: 'tag', resourceId: id });
  return tag;
}

/** All or nothing: every id must be the tenant's (404 naming the missing ones), each given once (422). */
export async function bulkUpdate(ctx: ServiceContext, updates: { id: string; persistent?: boolean }[]): Promise<TagRow[]> {
  const ids = updates.map((u) => u.id);
  const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (repeated.length) throw new ApiError('UNPROCESSABLE_ENTITY', 'Each tag may appear once in `updates`', { reason: 'duplicate_ids', ids: [...new Set(repeated)] });
  const locked = new Map((await w.lockTags(ctx, ids)).map((t) => [t.id, t]));
  const missing = ids.filter((id) => !locked.has(id));
  if (missing.length) throw new ApiError('NOT_FOUND', `No tags ${missing.join(', ')} in this tenant`, { reason: 'tag_not_found', ids: missing });
  for (const value of [true, false]) {
    for (const t of await w.setPersistent(ctx, updates.filter((u) => u.persistent === value).map((u) => u.id), value)) locked.set(t.id, t);
  }
  ctx.audit({ action: 'tag.bulk_update', resourceType: 'tag', resourceId: null, details: { updates } });
  return ids.map((id) => locked.get(id)!);
}

export async function cleanup(ctx: ServiceContext): Promise<number> {
  const deleted = await w.deleteUnused(ctx);
  ctx.audit({ action: 'tag.cleanup', resourceType: 'tag', resourceId: null, details: { deleted } });
  return deleted;
}

export async function removeTag(ctx: ServiceContext, id: string): Promise<void> {
  if (!(await w.deleteTag(ctx, id))) throw tagNotFound(id);
  ctx.audit({ action: 'tag.delete', resourceType: 'tag', resourceId: id });
}


/** Sets translations of several locales at once: tenant languages only, never the tag's base language (422). */
export async function setTranslations(ctx: ServiceContext, id: string, list: { locale: string; name: string }[]): Promise<TagRow> {
  const [tag, langs] = await Promise.all([q.findTag(ctx, id), tenantLanguages(ctx)]);
  if (!tag) throw tagNotFound(id);
  const problems: Record<string, string[]> = {};
  const t: TagTranslations = {};
  assertTranslationLocales(list.map(({ locale }, i) => [locale, `translations.${i}.locale`] as const), tag.language, langs.all);
  list.forEach(({ locale, name }, i) => {
    const display = name.normalize('NFC').replace(/\s+/gu, ' ').trim();
    if (t[locale]) problems[`translations.${i}.locale`] = [`${locale} is given twice`];
    else if (!display || /[\p{Cc}\p{Cf}]/u.test(display)) problems[`translations.${i}.name`] = ['A name needs visible characters and no control characters'];
    else t[locale] = { name: display };
  });
  if (Object.keys(problems).length) throw new ApiError('UNPROCESSABLE_ENTITY', `Invalid translations: ${Object.keys(problems).join(', ')}`, { reason: 'invalid_translation', fields: problems });
  const updated = await w.mergeTranslations(ctx, id, t);
  ctx.audit({ action: 'tag.translations', resourceType: 'tag', resourceId: id, details: { locales: Object.keys(t) } });
  return updated!;
}
