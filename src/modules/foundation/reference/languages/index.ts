// Languages with an ISO 639-1 code (public reference data).
import { newRouter } from '../../../../http/router';
import * as h from './languages.handlers';
import * as r from './languages.routes';

export const languagesRouter = newRouter().openapi(r.list, h.list).openapi(r.one, h.one);
