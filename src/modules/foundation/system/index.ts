// System health (public below level=full) and information (system administrators).
import { newRouter } from '../../../http/router';
import * as h from './system.handlers';
import * as r from './system.routes';

export const systemRouter = newRouter().openapi(r.health, h.health).openapi(r.info, h.info);
