// Merging a second account into the caller's (POST /secure/auth/merge-accounts).
import { newRouter } from '../../../http/router';
import * as h from './merge.handlers';
import * as r from './merge.routes';

export const mergeRoutes = newRouter().openapi(r.merge, h.merge);
