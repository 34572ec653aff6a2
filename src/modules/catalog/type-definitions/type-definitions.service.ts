// Type definitions: list, read, create, change and delete. Platform (system) types are readable by
// every tenant and changed by none (403 SYSTEM_TYPE); a type that entities use is not deleted (409).
import type { Principal, ServiceContext } from '../../../context';
import { ApiError, notFound } from '../../../lib/errors';
import { CATEGORY_APPLIES_TO, CATEGORY_DOC, type AppliesTo, type ListFilter, type NewTypeInput, type TypePatch, type TypeRow } from './type-definitions.model';
import * as q from './type-definitions.queries';
import { checkedSchema } from './type-definitions.schema';
import { typeUsage } from './type-definitions.settings';

export const listTypes = (ctx: ServiceContext, f: ListFilter) => q.listTypes(ctx, f);

export async function getType(ctx: ServiceContext, id: string): Promise<TypeRow> {
  const t = await q.findVisible(ctx, id);
  if (!t) throw notFound('Type definition');
  return t;
}

export const actorId = (p: Principal | undefined) => (p?.kind === 'user' ? p.userId : null);

/** `appliesTo` as given, else inferred from the legacy `category` (CATEGORY_APPLIES_TO); neither → 422. */
export function resolveAppliesTo(appliesTo: AppliesTo | undefined, category: string | undefined): AppliesTo {
  if (appliesTo) return appliesTo;
  const inferred = category === undefined ? undefined : CATEGORY_APPLIES_TO[category.trim().toLowerCase()];
  if (inferred) return inferred;
  throw new ApiError('UNPROCESSABLE_ENTITY', category === undefined ? 'Give appliesTo (space, resource, calendar or user)' : `appliesTo cannot be inferred from category "${category}": give appliesTo`, {
    reason: 'APPLIES_TO_REQUIRED',
    fields: { appliesTo: [`Required unless category maps to an entity type (${CATEGORY_DOC})`] },
  });
}

const nameTaken = (name: string, system: boolean) =>
  new ApiError('CONFLICT', system ? `"${name}" is the name of a platform type definition` : `A type definition named "${name}" already exists`, { reason: system ? 'SYSTEM_TYPE_NAME' : 'NAME_TAKEN' });

/** A name is free when neither the tenant nor the platform has a type of that name. */
export async function assertNameFree(ctx: ServiceContext, name: string): Promise<void> {
  const other = await q.findVisibleByName(ctx, name);
  if (other) throw nameTaken(name, other.tenantId === null);
}

export async function createType(ctx: ServiceContext, body: NewTypeInput): Promise<TypeRow> {
  const appliesTo = resolveAppliesTo(body.appliesTo, body.category);
  const schemaDefinition = checkedSchema(body.schemaDefinition);
  await assertNameFree(ctx, body.name);
  const by = actorId(ctx.actor);
  const row = await q.insertType(ctx, {
    name: body.name,
    label: body.label,
    description: body.description ?? null,
    category: body.category ?? null,
    appliesTo,
    schemaDefinition,
    createdBy: by,
    updatedBy: by,
  });
  // A concurrent create of the same name won the unique index.
  if (!row) throw nameTaken(body.name, false);
  ctx.audit({ action: 'type_definition.create', resourceType: 'type_definition', resourceId: row.id, details: { name: row.name, appliesTo } });
  return row;
}

/** The tenant's own type, locked for a change; 403 for a platform type, 404 otherwise. */
async function lockWritable(ctx: ServiceContext, id: string): Promise<TypeRow> {
  const own = await q.lockOwn(ctx, id, 'update');
  if (own) return own;
  if (await q.findVisible(ctx, id)) throw new ApiError('FORBIDDEN', 'Platform type definitions are read-only', { reason: 'SYSTEM_TYPE' });
  throw notFound('Type definition');
}

/**
 * Changes label, description, `is_active` and the schema. A partial `schemaDefinition` keeps what
 * it leaves out: without `properties` the current ones stay; without `required` the current list
 * stays, minus properties that no longer exist.
 */
export async function updateType(ctx: ServiceContext, id: string, patch: TypePatch): Promise<TypeRow> {
  const current = await lockWritable(ctx, id);
  const set: q.TypeChanges = {};
  if (patch.label !== undefined) set.label = patch.label;
  if (patch.description !== undefined) set.description = patch.description;
  if (patch.is_active !== undefined) set.isActive = patch.is_active;
  if (patch.schemaDefinition) {
    const properties = patch.schemaDefinition.properties ?? current.schemaDefinition.properties;
    const required = patch.schemaDefinition.required ?? current.schemaDefinition.required?.filter((r) => Object.hasOwn(properties, r));
    set.schemaDefinition = checkedSchema(required ? { properties, required } : { properties });
  }
  if (!Object.keys(set).length) return current;
  const row = await q.updateType(ctx, id, { ...set, updatedBy: actorId(ctx.actor) });
  ctx.audit({ action: 'type_definition.update', resourceType: 'type_definition', resourceId: id, details: { name: row.name, changed: Object.keys(set) } });
  return row;
}

/** Deletes an unused type of the tenant (409 IN_USE with the counts by entity kind). */
export async function deleteType(ctx: ServiceContext, id: string): Promise<void> {
  const t = await lockWritable(ctx, id);
  const usage = await typeUsage(ctx, id);
  if (Object.keys(usage).length) {
    const what = Object.entries(usage).map(([k, n]) => `${n} ${k}`).join(', ');
    throw new ApiError('CONFLICT', `Type definition "${t.name}" is in use (${what}): change those entities first`, { reason: 'IN_USE', usage });
  }
  await q.deleteType(ctx, id);
  ctx.audit({ action: 'type_definition.delete', resourceType: 'type_definition', resourceId: id, details: { name: t.name } });
}
