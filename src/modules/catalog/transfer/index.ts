// The generic import and export (`/secure/export/{entityType}`, `/secure/import/{entityType}`) over
// the transfer registry; importing this module registers the types that exist today (groups).
import { newRouter } from '../../../http/router';
import './groups.transfer';
import * as h from './transfer.handlers';
import * as r from './transfer.routes';

export { registerTransferType, transferType, transferTypes } from './transfer.registry';
export type { ExportOptions, ExportTable, ImportOutcome, TenantLanguages, TransferType } from './transfer.registry';

// Static paths before `{entityType}`.
export const catalogTransferRouter = newRouter()
  .openapi(r.exportTypes, h.exportTypes)
  .openapi(r.exportFile, h.exportFile)
  .openapi(r.importTypes, h.importTypes)
  .openapi(r.validateFile, h.validateFile)
  .openapi(r.importFile, h.importFile);
