// Tenant security policy: the routes, the response-header middleware that applies it (mounted in
// src/app.ts) and the read other security resources use (CSRF settings).
import { newRouter } from '../../../../http/router';
import * as h from './policy.handlers';
import * as r from './policy.routes';

export { tenantSecurityHeaders } from './policy.middleware';
export { readTenantConfig } from './policy.service';

export const policyRouter = newRouter().openapi(r.get, h.get).openapi(r.patch, h.patch);
