// Two-factor authentication: enrolment, the sign-in challenge, backup codes, disabling.
import { newRouter } from '../../../http/router';
import * as h from './two-factor.handlers';
import * as r from './two-factor.routes';

export const twoFactorRoutes = newRouter()
  .openapi(r.enable, h.enable)
  .openapi(r.verify, h.verify)
  .openapi(r.sendCode, h.sendCode)
  .openapi(r.useBackup, h.useBackup)
  .openapi(r.backupCodes, h.backupCodes)
  .openapi(r.disable, h.disable)
  .openapi(r.status, h.status);
