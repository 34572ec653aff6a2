// Countries (public reference data). Other reference resources look countries up with findCountry.
import { newRouter } from '../../../../http/router';
import * as h from './countries.handlers';
import * as r from './countries.routes';

export { findCountry } from './countries.service';

export const countriesRouter = newRouter().openapi(r.list, h.list).openapi(r.regions, h.regions).openapi(r.one, h.one);
