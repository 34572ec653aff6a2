// Me: the signed-in user's own account (profile and settings, password change, closing the
// account). The access area edits other users' profiles with the same rule (profileChanges).
import { newRouter } from '../../../http/router';
import * as h from './me.handlers';
import * as r from './me.routes';

export { profileChanges } from './profile-fields';

export const meRouter = newRouter()
  .openapi(r.get, h.get)
  .openapi(r.patch, h.patch)
  .openapi(r.resetPreferences, h.resetPreferences)
  .openapi(r.changePassword, h.changePassword)
  .openapi(r.closeAccount, h.closeAccount);
