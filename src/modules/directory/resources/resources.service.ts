// Resources: create (settings checked against the type definition, the tenant's max_resources,
// approval when the tenant requires it; the creator becomes the resource's admin), read, list,
// update, delete. Every write runs in the request's transaction (ctx.db()).
import type { Principal, ServiceContext } from '../../../context';
import type { Role } from '../../../db/schema/accounts';
import { ApiError } from '../../../lib/errors';
import { requestApprovalIfNeeded, withdrawRequest } from '../../access/approvals';
import { categoriesOf, linkCategories, unlinkEntityCategories } from '../../catalog/categories';
import { tagsOf, unlinkEntityTags } from '../../catalog/tags';
import { validateSettingsChange } from '../../catalog/type-definitions';
import { assertWithinLimit } from '../../tenants/settings/limits';
import { unlinkEntityContacts } from '../contacts';
import { tenantLanguage } from '../spaces/spaces.queries';
import { checkTranslations } from '../shared/directory.rules';
import { setTagIds } from '../shared/tag-ids';
import { insertMembers } from '../resource-members/resource-members.queries';
import type { Caller, ListFilter, ResourceInput, ResourceRead, ResourceRow } from './resources.model';
import * as q from './resources.queries';
import { assertManageable, assertWritable, callerOf, checkInput, checkStatusChange, resourceNotFound, writtenProperties } from './resources.rules';

export interface Links {
  categories: { id: string; key: string; name: string }[];
  tags: { id: string; name: string }[];
}

export const listResources = (ctx: ServiceContext, c: Caller, f: ListFilter) => q.listResources(ctx, c, f);

/** Categories and tags of some resources (one query each, sent together). */
export async function linksOf(ctx: ServiceContext, ids: string[]): Promise<Map<string, Links>> {
  const [cats, tags] = await Promise.all([categoriesOf(ctx, 'resource', ids), tagsOf(ctx, 'resource', ids)]);
  return new Map(
    ids.map((id) => [
      id,
      { categories: (cats.get(id) ?? []).map((c) => ({ id: c.id, key: c.key, name: c.name })), tags: (tags.get(id) ?? []).map((t) => ({ id: t.id, name: t.name })) },
    ]),
  );
}

const noLinks: Links = { categories: [], tags: [] };

/** The resource with its links, all in one round trip (404 when the caller may not see it). */
export async function getResource(ctx: ServiceContext, c: Caller, id: string): Promise<{ resource: ResourceRead; links: Links }> {
  const [resource, links] = await Promise.all([q.findResource(ctx, c, id), linksOf(ctx, [id])]);
  if (!resource) throw resourceNotFound(id);
  return { resource, links: links.get(id) ?? noLinks };
}

/** The resource as the caller now sees it (after a write). */
export const reread = (ctx: ServiceContext, p: Principal, id: string) => getResource(ctx, callerOf(p), id);

/** The space must be the tenant's (422 naming it, nothing written). */
async function checkSpace(ctx: ServiceContext, spaceId: string | null | undefined): Promise<void> {
  if (spaceId && !(await q.lockSpaceOfTenant(ctx, spaceId))) {
    throw new ApiError('UNPROCESSABLE_ENTITY', 'spaceId names no space of this tenant', { reason: 'space_not_found', fields: { spaceId: ['No such space in this tenant'] } });
  }
}

const location = (l: ResourceInput['currentLocation']) => (l === undefined ? {} : { currentLat: l?.latitude ?? null, currentLng: l?.longitude ?? null });
const actorUser = (p: Principal) => (p.kind === 'user' ? p.userId : p.createdBy);

export async function createResource(ctx: ServiceContext, p: Principal, body: ResourceInput & { name: string }): Promise<ResourceRow> {
  checkInput(body);
  assertWritable(p, writtenProperties(body).filter((n) => n !== 'name'));
  const language = body.language ?? (await tenantLanguage(ctx));
  checkTranslations(body.translationsI18n, language, 'translationsI18n');
  await checkSpace(ctx, body.spaceId);
  await validateSettingsChange(ctx, 'resource', null, { typeDefinitionId: body.typeDefinitionId ?? null, settings: body.settings ?? {} });
  await assertWithinLimit(ctx, 'resources');
  const userId = actorUser(p);
  const [created] = await q.insertResources(ctx, [
    {
      name: body.name.trim(),
      description: body.description ?? null,
      language,
      spaceId: body.spaceId ?? null,
      typeDefinitionId: body.typeDefinitionId ?? null,
      status: body.status ?? 'active',
      settings: body.settings ?? {},
      translations: body.translationsI18n ?? {},
      ...location(body.currentLocation),
      createdBy: userId,
    },
  ]);
  let row = created!;
  if (body.categoryIds?.length) await linkCategories(ctx, 'resource', row.id, body.categoryIds);
  if (body.tagIds?.length) await setTagIds(ctx, 'resource', row.id, body.tagIds, userId);
  if (p.kind === 'user') await insertMembers(ctx, row.id, [p.userId], 'admin');
  // API keys have no membership role: their resources need approval whenever the tenant asks for it.
  const role: Role = p.kind === 'user' ? p.role : 'guest';
  const approval = userId ? await requestApprovalIfNeeded(ctx, { tenantId: row.tenantId, entityType: 'resource', entityId: row.id, entityName: row.name, requestedBy: userId, role }) : { state: 'approved' as const };
  if (approval.state === 'pending') row = await q.updateResource(ctx, row.id, { status: 'pending', requestedStatus: row.status, approvalRequestId: approval.requestId });
  ctx.audit({ action: 'resource.create', resourceType: 'resource', resourceId: row.id, details: { name: row.name, status: row.status, ...(approval.requestId && { approvalRequestId: approval.requestId }) } });
  return row;
}

/** Locks a resource the caller may change (404 when not visible, 403 when read-only to them). */
export async function lockManageable(ctx: ServiceContext, p: Principal, id: string): Promise<ResourceRow> {
  const found = await q.lockResource(ctx, callerOf(p), id);
  if (!found) throw resourceNotFound(id);
  assertManageable(found.row, found.manageable);
  return found.row;
}

export async function updateResource(ctx: ServiceContext, p: Principal, id: string, body: ResourceInput): Promise<ResourceRow> {
  checkInput(body);
  const row = await lockManageable(ctx, p, id);
  assertWritable(p, writtenProperties(body));
  checkStatusChange(row, body);
  // A resource in a space changes space only through a move request (its target's managers or the
  // approval settings decide) or leaves it through detach (which cancels open moves): PATCH only
  // places a detached one.
  if (body.spaceId !== undefined && row.spaceId !== null && body.spaceId !== row.spaceId) {
    throw new ApiError('CONFLICT', 'The resource is in a space: move it (POST /resources/{id}/move) or detach it first', { reason: 'RESOURCE_IN_SPACE', spaceId: row.spaceId });
  }
  const language = body.language ?? row.language ?? (await tenantLanguage(ctx));
  const translations = body.translationsI18n === undefined ? row.translations : (body.translationsI18n ?? {});
  checkTranslations(translations, language, 'translationsI18n');
  await checkSpace(ctx, body.spaceId);
  await validateSettingsChange(ctx, 'resource', { typeDefinitionId: row.typeDefinitionId, settings: row.settings }, { typeDefinitionId: body.typeDefinitionId, settings: body.settings });
  const updated = await q.updateResource(ctx, id, {
    ...(body.name !== undefined && { name: body.name.trim() }),
    ...(body.description !== undefined && { description: body.description }),
    ...(body.language !== undefined && { language: body.language }),
    ...(body.typeDefinitionId !== undefined && { typeDefinitionId: body.typeDefinitionId }),
    ...(body.status !== undefined && { status: body.status }),
    ...(body.spaceId !== undefined && { spaceId: body.spaceId }),
    ...(body.settings !== undefined && { settings: body.settings ?? {} }),
    ...(body.translationsI18n !== undefined && { translations }),
    ...location(body.currentLocation),
  });
  if (body.categoryIds !== undefined) {
    await unlinkEntityCategories(ctx, 'resource', id);
    if (body.categoryIds?.length) await linkCategories(ctx, 'resource', id, body.categoryIds);
  }
  if (body.tagIds !== undefined) await setTagIds(ctx, 'resource', id, body.tagIds ?? [], actorUser(p), true);
  ctx.audit({ action: 'resource.update', resourceType: 'resource', resourceId: id, details: { fields: Object.keys(body) } });
  return updated;
}

/**
 * What other parts of the directory do when a resource is deleted, in the delete's transaction
 * before the row goes (moves withdraw the approval request an open move waits for).
 */
export type ResourceDeleteHook = (ctx: ServiceContext, resourceId: string, by: string | null) => Promise<void>;
const deleteHooks: ResourceDeleteHook[] = [];
export function onResourceDelete(hook: ResourceDeleteHook): void {
  deleteHooks.push(hook);
}

/** Deletes the resource with its category, tag and contact links (members go by foreign key cascade). */
export async function deleteResource(ctx: ServiceContext, p: Principal, id: string): Promise<void> {
  const found = await q.lockResource(ctx, callerOf(p), id);
  if (!found) throw resourceNotFound(id);
  if (found.row.type === 'system') throw new ApiError('FORBIDDEN', 'System resources are read-only', { reason: 'SYSTEM_RESOURCE_READ_ONLY' });
  for (const hook of deleteHooks) await hook(ctx, id, actorUser(p));
  // A resource still waiting for approval takes its request along (no decision left to take).
  if (found.row.approvalRequestId) await withdrawRequest(ctx, found.row.tenantId, found.row.approvalRequestId, actorUser(p), 'Resource deleted');
  await unlinkEntityCategories(ctx, 'resource', id);
  await unlinkEntityTags(ctx, 'resource', id);
  await unlinkEntityContacts(ctx, 'resource', id);
  await q.deleteResource(ctx, id);
  ctx.audit({ action: 'resource.delete', resourceType: 'resource', resourceId: id, details: { name: found.row.name } });
}

/** Resources near a point with their categories and tags (one statement). */
export const nearby = (ctx: ServiceContext, c: Caller, f: ListFilter & { near: { lat: number; lng: number }; radiusMeters: number }) => q.nearbyResources(ctx, c, f);
