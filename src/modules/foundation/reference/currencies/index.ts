// ISO 4217 currencies (public reference data).
import { newRouter } from '../../../../http/router';
import * as h from './currencies.handlers';
import * as r from './currencies.routes';

export const currenciesRouter = newRouter().openapi(r.list, h.list).openapi(r.byCountry, h.byCountry).openapi(r.one, h.one);
