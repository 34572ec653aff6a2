// Security events, metrics and the security audit log (system administrators). Events are written
// by src/lib/security-events.ts from wherever they happen.
import { newRouter } from '../../../../http/router';
import * as h from './events.handlers';
import * as r from './events.routes';

export const eventsRouter = newRouter().openapi(r.events, h.events).openapi(r.metrics, h.metrics).openapi(r.audit, h.audit);
