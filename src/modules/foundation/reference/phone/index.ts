// Phone numbers: parse, validate, format, detect the country (public; no database).
import { newRouter } from '../../../../http/router';
import * as h from './phone.handlers';
import * as r from './phone.routes';

export const phoneRouter = newRouter()
  .openapi(r.parse, h.parse)
  .openapi(r.validate, h.validate)
  .openapi(r.format, h.format)
  .openapi(r.region, h.region)
  .openapi(r.callingCode, h.callingCode)
  .openapi(r.countries, h.countries);
