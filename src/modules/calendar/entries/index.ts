// Calendar entries: the router (mounted through src/modules/calendar/index.ts, before the
// calendars router's `/calendar/{id}`), and the approvals hook for `calendar_entry`.
import { newRouter } from '../../../http/router';
import { onApprovalDecision } from '../../access/approvals';
import * as h from './entries.handlers';
import { applyDecision } from './entries.queries';
import * as r from './entries.routes';

onApprovalDecision('calendar_entry', (ctx, d) => applyDecision(ctx, d.tenantId, d.entityId, d.requestId, d.status));

export const entriesRouter = newRouter()
  .openapi(r.list, h.list)
  .openapi(r.create, h.create)
  .openapi(r.get, h.get)
  .openapi(r.patch, h.patch)
  .openapi(r.remove, h.remove)
  .openapi(r.status, h.status)
  .openapi(r.respond, h.respond);
