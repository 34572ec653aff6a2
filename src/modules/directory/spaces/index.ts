// Spaces of the directory area: the router (mounted by src/app.ts) and what this module tells the
// rest of the platform at import time: the `space` entity type (catalog links, feedback, QR), the
// `spaces` usage source (metrics, max_spaces), the type-definition "in use" count and the
// approvals hook (a pending space becomes the status asked for, or retired).
import { newRouter } from '../../../http/router';
import { onApprovalDecision } from '../../access/approvals';
import { registerEntityType } from '../../catalog/entities';
import { registerTransferType } from '../../catalog/transfer/transfer.registry';
import { registerTypeDefinitionUsage } from '../../catalog/type-definitions';
import { registerUsageSource } from '../../tenants/settings/usage';
import { registerContactEntityName } from '../contacts';
import { spaceMembersRouter } from '../space-members';
import * as lh from './links.handlers';
import * as lr from './links.routes';
import * as h from './spaces.handlers';
import { applyDecision, countSpaces, countWithType, isManager, spaceNameSql, spacesByIds } from './spaces.lookups';
import * as r from './spaces.routes';
import { exportSpaces, importSpacesOutcome } from './spaces.transfer';

registerEntityType({
  type: 'space',
  find: spacesByIds,
  // The rule of PATCH: never a system space; tenant-wide spaces:write, or a manager of the space.
  mayWrite: async (ctx, caller, entity) => {
    const found = await spacesByIds(ctx, [entity.id]);
    if (found.get(entity.id)?.type === 'system') return false;
    if (caller.permissions.has('spaces:write')) return true;
    return caller.kind === 'user' && (await isManager(ctx, entity.id, caller.userId));
  },
});
registerUsageSource('spaces', countSpaces);
// Spaces are imported after the categories and tags they name (10, 20).
registerTransferType({ entityType: 'spaces', exportPermission: 'spaces:read', importPermission: 'spaces:write', order: 30, export: exportSpaces, import: importSpacesOutcome });
registerTypeDefinitionUsage('spaces', countWithType);
registerContactEntityName('space', spaceNameSql);
onApprovalDecision('space', (ctx, d) => applyDecision(ctx, d.tenantId, d.entityId, d.requestId, d.status === 'approved'));

export { onSpaceDelete, type SpaceDeleteHook } from './spaces.service';

// Static paths before `{id}` (the router tries routes in order).
export const spacesRouter = newRouter()
  .openapi(r.list, h.list)
  .openapi(r.create, h.create)
  .openapi(r.exportFile, h.exportFile)
  .openapi(r.importFile, h.importFile)
  .openapi(r.get, h.get)
  .openapi(r.patch, h.patch)
  .openapi(r.remove, h.remove)
  .openapi(r.orderTop, h.orderTop)
  .openapi(r.promotion, h.promotion)
  .openapi(r.resetVisits, h.resetVisits)
  .openapi(lr.categories, lh.categories)
  .openapi(lr.linkCategory, lh.linkCategory)
  .openapi(lr.unlinkCategory, lh.unlinkCategory)
  .openapi(lr.tags, lh.tags)
  .openapi(lr.linkTag, lh.linkTag)
  .openapi(lr.unlinkTag, lh.unlinkTag)
  .openapi(lr.contacts.list, lh.contacts.list)
  .openapi(lr.contacts.link, lh.contacts.link)
  .openapi(lr.contacts.unlink, lh.contacts.unlink)
  .route('/', spaceMembersRouter);
