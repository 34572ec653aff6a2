// CSRF tokens: the issuing route, and the check the refresh route (accounts) runs for a refresh
// taken from the cookie.
import { newRouter } from '../../../../http/router';
import * as h from './csrf.handlers';
import * as r from './csrf.routes';

export { assertCsrfForRefreshCookie } from './csrf.service';

export const csrfRouter = newRouter().openapi(r.issue, h.issue);
