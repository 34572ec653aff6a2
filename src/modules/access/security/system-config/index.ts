// Platform-wide security settings (system administrators). The sign-in auto-block reads them
// through system-config.service.ts.
import { newRouter } from '../../../../http/router';
import * as h from './system-config.handlers';
import * as r from './system-config.routes';

export const systemConfigRouter = newRouter().openapi(r.get, h.get).openapi(r.patch, h.patch);
