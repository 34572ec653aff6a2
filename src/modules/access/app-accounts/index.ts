// Application accounts: machine users of a tenant with a permission object (see app-accounts.service.ts).
// The accounts area's sign-in uses appAccountSignIn.
import { newRouter } from '../../../http/router';
import * as h from './app-accounts.handlers';
import * as r from './app-accounts.routes';

export { appAccountSignIn } from './app-accounts.service';

export const appAccountsRouter = newRouter()
  .openapi(r.list, h.list)
  .openapi(r.create, h.create)
  .openapi(r.get, h.get)
  .openapi(r.patch, h.patch)
  .openapi(r.remove, h.remove)
  .openapi(r.regenerate, h.regenerate)
  .openapi(r.setPassword, h.setPassword)
  .openapi(r.usage, h.usage);
