// Taxonomy categories: the tree, translations, links to entities and the file import/export (also
// served by the generic /export and /import through the transfer registry). The directory area
// uses the link surface below for its spaces' and resources' categories.
import { newRouter } from '../../../http/router';
import { registerTransferType } from '../transfer/transfer.registry';
import * as h from './categories.handlers';
import * as r from './categories.routes';
import { exportCategories } from './transfer.export';
import { importCategories } from './transfer.import';

export { categoriesOf, categoryIdsWithDescendants, existingCategoryIds, linkCategories, linkCategoriesMany, unlinkCategoriesOfEntities, unlinkEntityCategories } from './links.service';
export { inCategorySql } from './links.queries';
export type { Category, CategoryLink } from './categories.model';

// Categories are imported before what links to them (order 10).
registerTransferType({ entityType: 'categories', exportPermission: 'taxonomy:read', importPermission: 'taxonomy:write', order: 10, export: exportCategories, import: importCategories });

// Static paths before `{id}` (the router tries routes in order).
export const categoriesRouter = newRouter()
  .openapi(r.list, h.list)
  .openapi(r.create, h.create)
  .openapi(r.entity, h.entity)
  .openapi(r.exportFile, h.exportFile)
  .openapi(r.importFile, h.importFile)
  .openapi(r.tree, h.tree)
  .openapi(r.get, h.get)
  .openapi(r.patch, h.patch)
  .openapi(r.remove, h.remove)
  .openapi(r.entities, h.entities)
  .openapi(r.i18n, h.i18n)
  .openapi(r.link, h.link)
  .openapi(r.unlink, h.unlink);
