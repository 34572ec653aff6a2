// GET /secure/tenants/{id}/oauth-redirect-uris, computed from the tenant's verified domains (tenants/domains).
import { newRouter } from '../../../http/router';
import * as h from './oauth-redirect-uris.handlers';
import * as r from './oauth-redirect-uris.routes';

export const oauthRedirectUrisRouter = newRouter().openapi(r.get, h.get);
