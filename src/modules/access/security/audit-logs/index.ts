// The tenant's audit log (read only; entries are written by middleware/audit.ts).
import { newRouter } from '../../../../http/router';
import * as h from './audit-logs.handlers';
import * as r from './audit-logs.routes';

export const auditLogsRouter = newRouter().openapi(r.list, h.list);
