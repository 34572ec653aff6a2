// Resources of the directory area: the router (mounted by src/app.ts) and what this module tells
// the rest of the platform at import time: the `resource` entity type (catalog links, contacts),
// the `resources` usage source (metrics, max_resources), the type-definition "in use" count, the
// approvals hook, the contacts' references name and spaces' delete (409 while holding resources).
import * as contract from '../../../contract/directory';
import { newRouter } from '../../../http/router';
import { ApiError } from '../../../lib/errors';
import { onApprovalDecision } from '../../access/approvals';
import { registerEntityType } from '../../catalog/entities';
import { registerTransferType } from '../../catalog/transfer/transfer.registry';
import { registerTypeDefinitionUsage } from '../../catalog/type-definitions';
import { registerUsageSource } from '../../tenants/settings/usage';
import { contactLinkHandlers, contactLinkRoutes, registerContactEntityName } from '../contacts';
import { resourceMembersRouter } from '../resource-members';
import { entityLinkHandlers } from '../shared/links.handlers';
import { entityLinkRoutes } from '../shared/links.routes';
import { onSpaceDelete } from '../spaces';
import * as h from './resources.handlers';
import { applyDecision, countInSpace, countResources, countWithType, resourceNameSql, resourcesByIds } from './resources.lookups';
import { lockResource } from './resources.queries';
import { callerOf } from './resources.rules';
import * as r from './resources.routes';
import { exportResources, importResourcesOutcome } from './resources.transfer';

registerEntityType({
  type: 'resource',
  find: resourcesByIds,
  // The rule of PATCH (manageable): never a system resource; resources:write, resource admin/manager, space manager.
  mayWrite: async (ctx, caller, entity) => {
    const found = await lockResource(ctx, callerOf(caller), entity.id);
    return Boolean(found && found.row.type !== 'system' && found.manageable);
  },
});
registerUsageSource('resources', countResources);
// Resources are imported after the categories, tags and spaces they name (10, 20, 30).
registerTransferType({ entityType: 'resources', exportPermission: 'resources:read', importPermission: 'resources:write', order: 35, export: exportResources, import: importResourcesOutcome });
registerTypeDefinitionUsage('resources', countWithType);
registerContactEntityName('resource', resourceNameSql);
onApprovalDecision('resource', (ctx, d) => applyDecision(ctx, d.tenantId, d.entityId, d.requestId, d.status === 'approved'));
onSpaceDelete(async (ctx, spaceId) => {
  const n = await countInSpace(ctx, spaceId);
  if (n > 0) throw new ApiError('CONFLICT', `The space holds ${n} resource(s): move or delete them first`, { reason: 'SPACE_HAS_RESOURCES', resources: n });
});

const links = entityLinkRoutes('resource', 'resources:read', 'tenant-wide `resources:write`, an admin or manager of it, or a manager of its space', {
  categories: contract.getSecureResourcesByIdCategories,
  linkCategory: contract.postSecureResourcesByIdCategories,
  unlinkCategory: contract.deleteSecureResourcesByIdCategoriesByCategoryId,
  tags: contract.getSecureResourcesByIdTags,
  linkTag: contract.postSecureResourcesByIdTags,
  unlinkTag: contract.deleteSecureResourcesByIdTagsByTagId,
});
const lh = entityLinkHandlers('resource');
const contacts = contactLinkRoutes('resource', { list: contract.getSecureResourcesByIdContacts, link: contract.postSecureResourcesByIdContacts, unlink: contract.deleteSecureResourcesByIdContactsByContactId });
const ch = contactLinkHandlers('resource');

// Static paths before `{id}` (the router tries routes in order).
export { onResourceDelete, type ResourceDeleteHook } from './resources.service';

export const resourcesRouter = newRouter()
  .openapi(r.list, h.list)
  .openapi(r.create, h.create)
  .openapi(r.nearby, h.nearby)
  .openapi(r.exportFile, h.exportFile)
  .openapi(r.importFile, h.importFile)
  .openapi(r.get, h.get)
  .openapi(r.patch, h.patch)
  .openapi(r.remove, h.remove)
  .openapi(r.orderTop, h.orderTop)
  .openapi(r.promotion, h.promotion)
  .openapi(r.resetVisits, h.resetVisits)
  .openapi(r.trackVisit, h.trackVisit)
  .openapi(links.categories, lh.categories)
  .openapi(links.linkCategory, lh.linkCategory)
  .openapi(links.unlinkCategory, lh.unlinkCategory)
  .openapi(links.tags, lh.tags)
  .openapi(links.linkTag, lh.linkTag)
  .openapi(links.unlinkTag, lh.unlinkTag)
  .openapi(contacts.list, ch.list)
  .openapi(contacts.link, ch.link)
  .openapi(contacts.unlink, ch.unlink)
  .route('/', resourceMembersRouter);
