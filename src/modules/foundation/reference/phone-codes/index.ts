// International calling codes (public reference data).
import { newRouter } from '../../../../http/router';
import * as h from './phone-codes.handlers';
import * as r from './phone-codes.routes';

export const phoneCodesRouter = newRouter().openapi(r.list, h.list).openapi(r.search, h.search).openapi(r.one, h.one);
