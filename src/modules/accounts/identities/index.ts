// The caller's linked sign-in identities: list, link (start), unlink, primary method, history.
import { newRouter } from '../../../http/router';
import * as h from './identities.handlers';
import * as r from './identities.routes';

export const identityRoutes = newRouter()
  .openapi(r.list, h.list)
  .openapi(r.link, h.link)
  .openapi(r.unlink, h.unlink)
  .openapi(r.primary, h.primary)
  .openapi(r.history, h.history);
