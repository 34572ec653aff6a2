// OAuth sign-in: providers, initiate, exchange and register (public routes). Linking from the
// profile (accounts/identities) starts its flow with startAuthorization and the same config rules.
import { newRouter } from '../../../http/router';
import * as h from './oauth.handlers';
import * as r from './oauth.routes';

export { adapterConfig, assertProviderEnabled, checkRedirectUrl, clientTypeOf } from './oauth.config';
export { isHttpUrl, PROVIDER_INFO } from './oauth.model';
export { findUser, identityOf, loadTenant } from './oauth.queries';
export { startAuthorization } from './oauth.tokens';

export const oauthPublicRoutes = newRouter().openapi(r.providers, h.providers).openapi(r.initiate, h.initiate).openapi(r.exchange, h.exchange);
export const oauthRegisterRoutes = newRouter().openapi(r.register, h.register);
