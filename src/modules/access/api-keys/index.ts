// API keys of a tenant: programmatic access with a permission object (see api-keys.service.ts;
// authentication with a key is middleware/api-key.ts).
import { newRouter } from '../../../http/router';
import * as h from './api-keys.handlers';
import * as r from './api-keys.routes';

export const apiKeysRouter = newRouter()
  .openapi(r.list, h.list)
  .openapi(r.create, h.create)
  .openapi(r.get, h.get)
  .openapi(r.patch, h.patch)
  .openapi(r.remove, h.remove)
  .openapi(r.rotate, h.rotate);
