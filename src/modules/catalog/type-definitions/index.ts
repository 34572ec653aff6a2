// Type definitions: named JSON Schemas for the settings of spaces, resources, calendars and users.
// Other areas validate an entity's settings with validateSettings / validateSettingsChange (in the
// transaction that writes them) and add their "in use" count with registerTypeDefinitionUsage.
import { newRouter } from '../../../http/router';
import { registerTransferType } from '../transfer/transfer.registry';
import * as h from './type-definitions.handlers';
import * as r from './type-definitions.routes';
import { exportTable, importOutcome } from './type-definitions.sheet';

export { registerTypeDefinitionUsage, validateSettings, validateSettingsChange, type SettingsCheck, type TypeUsage } from './type-definitions.settings';
export { APPLIES_TO, type AppliesTo } from './type-definitions.model';

registerTransferType({
  entityType: 'type_definitions',
  exportPermission: 'type_definitions:read',
  importPermission: 'type_definitions:write',
  order: 5,
  export: exportTable,
  import: importOutcome,
});

// Static paths before `{id}` (the router tries routes in order).
export const typeDefinitionsRouter = newRouter()
  .openapi(r.list, h.list)
  .openapi(r.create, h.create)
  .openapi(r.exportBundle, h.exportBundle)
  .openapi(r.exportSheet, h.exportSheet)
  .openapi(r.importBundle, h.importBundle)
  .openapi(r.importSheet, h.importSheet)
  .openapi(r.get, h.get)
  .openapi(r.patch, h.patch)
  .openapi(r.remove, h.remove)
  .openapi(r.exportOne, h.exportOne);
