// Configuration downloads (.env, JSON) of a tenant.
import { newRouter } from '../../../http/router';
import * as h from './exports.handlers';
import * as r from './exports.routes';

export { maskSecrets } from './exports.service';

export const exportsRouter = newRouter().openapi(r.env, h.env).openapi(r.json, h.json);
