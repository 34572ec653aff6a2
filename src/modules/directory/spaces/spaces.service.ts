// Spaces: create (settings checked against the type definition, the tenant's max_spaces, approval
// when the tenant requires it), read, list, update, delete. Every write runs in the request's
// transaction (ctx.db()); the links to categories and tags go through the catalog's surfaces.
import type { Principal, ServiceContext } from '../../../context';
import type { Role } from '../../../db/schema/accounts';
import { ApiError } from '../../../lib/errors';
import { requestApprovalIfNeeded, withdrawRequest } from '../../access/approvals';
import { categoriesOf, linkCategories, unlinkEntityCategories } from '../../catalog/categories';
import { tagsOf, unlinkEntityTags } from '../../catalog/tags';
import { setTagIds } from '../shared/tag-ids';
import { validateSettingsChange } from '../../catalog/type-definitions';
import { assertWithinLimit } from '../../tenants/settings/limits';
import { contactsOfEntity, unlinkEntityContacts } from '../contacts';
import type { Caller, ListFilter, Point, SpaceInput, SpaceRead, SpaceRow } from './spaces.model';
import * as q from './spaces.queries';
import { assertManageable, callerOf, checkStatusChange, checkTranslations, checkTypeAndStatus, spaceNotFound } from './spaces.rules';
import type { Links } from './spaces.views';

export const listSpaces = (ctx: ServiceContext, c: Caller, f: ListFilter) => q.listSpaces(ctx, c, f);

/** Categories, tags and contacts of one space (one query each, sent together). */
export async function linksOf(ctx: ServiceContext, id: string): Promise<Links> {
  const [cats, tags, contacts] = await Promise.all([categoriesOf(ctx, 'space', [id]), tagsOf(ctx, 'space', [id]), contactsOfEntity(ctx, 'space', id)]);
  return {
    categories: (cats.get(id) ?? []).map((c) => ({ id: c.id, key: c.key, name: c.name })),
    tags: (tags.get(id) ?? []).map((t) => ({ id: t.id, name: t.name })),
    contacts,
  };
}

/** The space with its links, all in one round trip (404 when the caller may not see it). */
export async function getSpace(ctx: ServiceContext, c: Caller, id: string, near?: Point): Promise<{ space: SpaceRead; links: Links }> {
  const [space, links] = await Promise.all([q.findSpace(ctx, c, id, near), linksOf(ctx, id)]);
  if (!space) throw spaceNotFound(id);
  return { space, links };
}

/** The space as the caller now sees it (after a write). */
export const reread = async (ctx: ServiceContext, p: Principal, id: string) => withoutHiddenContacts(p, await getSpace(ctx, callerOf(p), id));

/** Contacts are read with the space (same batch) and dropped for a caller who may not read contacts. */
export const withoutHiddenContacts = <T extends { links: Links }>(p: Principal, read: T): T =>
  p.permissions.has('contacts:read') ? read : { ...read, links: { ...read.links, contacts: [] } };

const location = (h: SpaceInput['homeLocation']) => (h === undefined ? {} : { homeLat: h?.latitude ?? null, homeLng: h?.longitude ?? null });

export async function createSpace(ctx: ServiceContext, p: Principal, body: SpaceInput & { name: string }): Promise<SpaceRow> {
  checkTypeAndStatus(body);
  const language = body.language ?? (await q.tenantLanguage(ctx));
  checkTranslations(body.translations_i18n, language);
  await validateSettingsChange(ctx, 'space', null, { typeDefinitionId: body.type_definition_id ?? null, settings: body.settings ?? {} });
  await assertWithinLimit(ctx, 'spaces');
  const userId = p.kind === 'user' ? p.userId : p.createdBy;
  let row = await q.insertSpace(ctx, {
    name: body.name.trim(),
    description: body.description ?? null,
    language,
    type: body.type ?? 'custom',
    typeDefinitionId: body.type_definition_id ?? null,
    status: body.status ?? 'active',
    settings: body.settings ?? {},
    translations: body.translations_i18n ?? {},
    ...location(body.homeLocation),
    createdBy: userId,
  });
  if (body.category_ids?.length) await linkCategories(ctx, 'space', row.id, body.category_ids);
  if (body.tag_ids?.length) await setTagIds(ctx, 'space', row.id, body.tag_ids, userId);
  // API keys have no membership role: their spaces need approval whenever the tenant asks for it.
  const role: Role = p.kind === 'user' ? p.role : 'guest';
  const approval = userId ? await requestApprovalIfNeeded(ctx, { tenantId: row.tenantId, entityType: 'space', entityId: row.id, entityName: row.name, requestedBy: userId, role }) : { state: 'approved' as const };
  if (approval.state === 'pending') row = await q.updateSpace(ctx, row.id, { status: 'pending', requestedStatus: row.status, approvalRequestId: approval.requestId });
  ctx.audit({ action: 'space.create', resourceType: 'space', resourceId: row.id, details: { name: row.name, status: row.status, ...(approval.requestId && { approvalRequestId: approval.requestId }) } });
  return row;
}

/** Locks a space the caller may change (404 when not visible, 403 when read-only to them). */
export async function lockManageable(ctx: ServiceContext, p: Principal, id: string): Promise<SpaceRow> {
  const found = await q.lockSpace(ctx, callerOf(p), id);
  if (!found) throw spaceNotFound(id);
  assertManageable(found.row, found.manageable);
  return found.row;
}

export async function updateSpace(ctx: ServiceContext, p: Principal, id: string, body: SpaceInput): Promise<SpaceRow> {
  checkTypeAndStatus(body);
  const row = await lockManageable(ctx, p, id);
  checkStatusChange(row, body);
  const language = body.language ?? row.language ?? (await q.tenantLanguage(ctx));
  const translations = body.translations_i18n === undefined ? row.translations : (body.translations_i18n ?? {});
  checkTranslations(translations, language);
  await validateSettingsChange(ctx, 'space', { typeDefinitionId: row.typeDefinitionId, settings: row.settings }, { typeDefinitionId: body.type_definition_id, settings: body.settings });
  const updated = await q.updateSpace(ctx, id, {
    ...(body.name !== undefined && { name: body.name.trim() }),
    ...(body.description !== undefined && { description: body.description }),
    ...(body.language !== undefined && { language: body.language }),
    ...(body.type !== undefined && { type: body.type }),
    ...(body.type_definition_id !== undefined && { typeDefinitionId: body.type_definition_id }),
    ...(body.status !== undefined && { status: body.status }),
    ...(body.settings !== undefined && { settings: body.settings ?? {} }),
    ...(body.translations_i18n !== undefined && { translations }),
    ...location(body.homeLocation),
  });
  if (body.category_ids !== undefined) {
    await unlinkEntityCategories(ctx, 'space', id);
    if (body.category_ids?.length) await linkCategories(ctx, 'space', id, body.category_ids);
  }
  if (body.tag_ids !== undefined) await setTagIds(ctx, 'space', id, body.tag_ids ?? [], p.kind === 'user' ? p.userId : p.createdBy, true);
  ctx.audit({ action: 'space.update', resourceType: 'space', resourceId: id, details: { fields: Object.keys(body) } });
  return updated;
}

/**
 * What other parts of the directory do when a space is deleted, in the delete's transaction before
 * the row goes: resources refuse (throw a 409 while the space holds any), contacts drop their links.
 */
export type SpaceDeleteHook = (ctx: ServiceContext, spaceId: string) => Promise<void>;
const deleteHooks: SpaceDeleteHook[] = [];
export function onSpaceDelete(hook: SpaceDeleteHook): void {
  deleteHooks.push(hook);
}

/** Deletes the space with its category, tag and contact links (members go with it: foreign key cascade). */
export async function deleteSpace(ctx: ServiceContext, p: Principal, id: string): Promise<void> {
  const found = await q.lockSpace(ctx, callerOf(p), id);
  if (!found) throw spaceNotFound(id);
  if (found.row.type === 'system') throw new ApiError('FORBIDDEN', 'System spaces are read-only', { reason: 'SYSTEM_SPACE_READ_ONLY' });
  for (const hook of deleteHooks) await hook(ctx, id);
  // A space still waiting for approval takes its request along (no decision left to take).
  if (found.row.approvalRequestId) await withdrawRequest(ctx, found.row.tenantId, found.row.approvalRequestId, p.kind === 'user' ? p.userId : null, 'Space deleted');
  await unlinkEntityCategories(ctx, 'space', id);
  await unlinkEntityTags(ctx, 'space', id);
  await unlinkEntityContacts(ctx, 'space', id);
  await q.deleteSpace(ctx, id);
  ctx.audit({ action: 'space.delete', resourceType: 'space', resourceId: id, details: { name: found.row.name } });
}
