// Export and import of the tenant's users and groups (CSV, TSV, XLSX).
import { newRouter } from '../../../http/router';
import * as h from './transfer.handlers';
import * as r from './transfer.routes';

export { exportGroups } from './export.service';
export { groupsImport } from './groups-import.service';
export { GROUP_EXPORT_COLUMNS } from './transfer.model';

// Fixed paths (`/users/export`, `/groups/import`, ...): mounted before the users and groups `{id}` routes.
export const transferRouter = newRouter()
  .openapi(r.exportUsers, h.exportUsers)
  .openapi(r.importUsers, h.importUsers)
  .openapi(r.exportGroups, h.exportGroups)
  .openapi(r.importGroups, h.importGroups);
