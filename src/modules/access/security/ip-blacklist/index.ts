// The IP blacklist: the administrators' routes, the guard that enforces it (mounted in src/app.ts),
// and the sign-in auto-block the accounts area reports failures to.
import { newRouter } from '../../../../http/router';
import * as h from './ip-blacklist.handlers';
import * as r from './ip-blacklist.routes';

export { countFailedSignIn } from './auto-block.service';
export { ipBlacklistGuard } from './ip-blacklist.middleware';

export const ipBlacklistRouter = newRouter()
  .openapi(r.list, h.list)
  .openapi(r.create, h.create)
  .openapi(r.one, h.one)
  .openapi(r.update, h.update)
  .openapi(r.remove, h.remove);
