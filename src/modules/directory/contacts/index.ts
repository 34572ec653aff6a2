// Directory contacts: the router (mounted by src/app.ts), the entity type `contact` in catalog's
// registry, and what other areas use:
//   contactLinkRoutes / contactLinkHandlers(type)  the three link routes of an entity type (spaces, resources)
//   unlinkEntityContacts(ctx, type, id)             when deleting an entity: its contact links go
//   registerContactEntityName(type, sql)          names a type's entities inside the references query
//   contactsOfEntity / toContactPoints              an entity's linked contacts and the detail's `contacts` shape
import { newRouter } from '../../../http/router';
import { registerEntityType } from '../../catalog/entities';
import { registerTransferType } from '../../catalog/transfer/transfer.registry';
import * as h from './contacts.handlers';
import * as r from './contacts.routes';
import { contactName } from './contacts.service';
import * as q from './contacts.queries';
import { exportContacts, importContactsOutcome } from './contacts.transfer';
import * as lh from './links.handlers';
import * as lr from './links.routes';

export { contactLinkHandlers } from './links.handlers';
export { contactLinkRoutes } from './links.routes';
export { unlinkEntityContacts } from './links.service';
export { linksOfEntity as contactsOfEntity } from './links.queries';
export { toContactPoints } from './contacts.views';
export type { LinkWithContact } from './contacts.model';
export { registerContactEntityName, type EntityNameSql } from './references.queries';

registerEntityType({
  type: 'contact',
  find: async (ctx, ids) => new Map((await q.contactsByIds(ctx, ids)).map((c) => [c.id, { id: c.id, name: contactName(c) }])),
  mayWrite: (_ctx, caller) => caller.permissions.has('contacts:write'),
});

registerTransferType({ entityType: 'contacts', order: 40, exportPermission: 'contacts:read', importPermission: 'contacts:write', export: exportContacts, import: importContactsOutcome });

export const contactsRouter = newRouter()
  .openapi(r.list, h.list)
  .openapi(r.create, h.create)
  .openapi(r.get, h.get)
  .openapi(r.patch, h.patch)
  .openapi(r.remove, h.remove)
  .openapi(r.references, h.references)
  .openapi(lr.user.list, lh.user.list)
  .openapi(lr.user.link, lh.user.link)
  .openapi(lr.user.unlink, lh.user.unlink);
