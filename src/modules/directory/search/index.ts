// Global search over the directory and catalog (GET /secure/search/): the router, mounted by src/app.ts.
import { newRouter } from '../../../http/router';
import * as h from './search.handlers';
import * as r from './search.routes';

export const searchRouter = newRouter().openapi(r.search, h.search);
