// The entity registry: the types of things catalog features link to (categories, tags, feedback,
// QR codes). Each area registers its linkable types with a tenant-scoped lookup and a write rule;
// a link to an unknown type, or to an id that is not the caller's tenant's, is a 404 with nothing
// written, and linking needs the right to change the entity. Catalog registers `tenant`, `group`
// and `user` (./builtin.ts); directory and calendar add theirs from their own index.ts.
import type { Principal, ServiceContext } from '../../../context';
import { ApiError } from '../../../lib/errors';

export interface EntityRef {
  id: string;
  name: string;
}

export interface EntityType {
  type: string;
  /** The caller's tenant's rows among `ids` (one query), by id. */
  find(ctx: ServiceContext, ids: readonly string[]): Promise<Map<string, EntityRef>>;
  /** May this caller change (and so link) the entity? */
  mayWrite(ctx: ServiceContext, caller: Principal, entity: EntityRef): boolean | Promise<boolean>;
}

const registry = new Map<string, EntityType>();

export function registerEntityType(def: EntityType): void {
  registry.set(def.type, def);
}

export const isRegisteredEntityType = (type: string): boolean => registry.has(type);
export const registeredEntityTypes = (): string[] => [...registry.keys()];

const notFound = (type: string, id: string) =>
  new ApiError('NOT_FOUND', `No ${type} ${id} in this tenant`, { reason: 'entity_not_found', entityType: type, entityId: id });

function typeOf(type: string): EntityType {
  const def = registry.get(type);
  if (!def) throw new ApiError('NOT_FOUND', `Unknown entity type ${type}`, { reason: 'entity_type_unknown', entityType: type });
  return def;
}

/** Names of the caller's tenant's entities among `ids` (unknown or foreign ids are left out). */
export async function findEntities(ctx: ServiceContext, type: string, ids: readonly string[]): Promise<Map<string, EntityRef>> {
  if (ids.length === 0) return new Map();
  return typeOf(type).find(ctx, [...new Set(ids)]);
}

/** The entity, or 404 when it is unknown or another tenant's. */
export async function findEntity(ctx: ServiceContext, type: string, id: string): Promise<EntityRef> {
  const found = (await findEntities(ctx, type, [id])).get(id);
  if (!found) throw notFound(type, id);
  return found;
}

/** The entity when the caller may change it: 404 when unknown or foreign, 403 when read-only to them. */
export async function assertEntityWritable(ctx: ServiceContext, type: string, id: string): Promise<EntityRef> {
  const entity = await findEntity(ctx, type, id);
  const caller = await ctx.principal();
  if (!(await typeOf(type).mayWrite(ctx, caller, entity))) {
    throw new ApiError('FORBIDDEN', `You may not change this ${type}`, { reason: 'entity_not_writable', entityType: type, entityId: id });
  }
  return entity;
}
