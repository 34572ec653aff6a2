// Taxonomy tags: the router (mounted by src/app.ts until catalog/index.ts chains it), the file
// transfer registered for the generic /export and /import, and what other areas use:
//   linkTagNames(ctx, entityType, entityId, names)  links names, creating missing tags (caller's transaction)
//   linkTagNamesMany(ctx, entityType, links)        the same for many entities, set-based (imports)
//   unlinkEntityTags(ctx, entityType, entityId)     on entity delete; unused non-persistent tags go too
//   tagsOf(ctx, entityType, entityIds)              tags of many entities, one query
//   hasTag(tenantId, entityType, idColumn, names)   SQL for "has one of these tags" list filters
import { newRouter } from '../../../http/router';
import { registerTranslatable } from '../../tenants';
import { registerTransferType } from '../transfer/transfer.registry';
import * as h from './tags.handlers';
import * as r from './tags.routes';
import { exportTags, importTagsOutcome } from './tags.transfer';
import { tagsTranslatable } from './tags.translatable';

export { linkTagNames, linkTagNamesMany, tagsOf, unlinkEntityTags } from './tags.links';
export { normalizeTagName } from './tags.model';
export { hasTag } from './tags.queries';

registerTranslatable(tagsTranslatable);
registerTransferType({ entityType: 'tags', order: 20, exportPermission: 'taxonomy:read', importPermission: 'taxonomy:write', export: exportTags, import: importTagsOutcome });

// Static paths before `{id}` (the router tries routes in order).
export const tagsRouter = newRouter()
  .openapi(r.list, h.list)
  .openapi(r.cloud, h.cloud)
  .openapi(r.entity, h.entity)
  .openapi(r.exportTags, h.exportTags)
  .openapi(r.importTags, h.importTags)
  .openapi(r.curated, h.curated)
  .openapi(r.bulkUpdate, h.bulkUpdate)
  .openapi(r.cleanup, h.cleanup)
  .openapi(r.linkBulk, h.linkBulk)
  .openapi(r.link, h.link)
  .openapi(r.get, h.get)
  .openapi(r.remove, h.remove)
  .openapi(r.entities, h.entities)
  .openapi(r.translations, h.translations)
  .openapi(r.unlink, h.unlink)
  .openapi(r.upgrade, h.upgrade);
