// Tenant administration (list, create, read, change, delete).
import { newRouter } from '../../../http/router';
import * as h from './admin.handlers';
import * as r from './admin.routes';

export const adminRouter = newRouter().openapi(r.list, h.list).openapi(r.create, h.create).openapi(r.get, h.get).openapi(r.patch, h.patch).openapi(r.remove, h.remove);
