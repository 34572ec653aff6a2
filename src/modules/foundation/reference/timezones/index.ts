// IANA time zones (public; from the platform's Intl data, no database).
import { newRouter } from '../../../../http/router';
import * as h from './timezones.handlers';
import * as r from './timezones.routes';

export const timezonesRouter = newRouter().openapi(r.list, h.list).openapi(r.regions, h.regions).openapi(r.one, h.one);
