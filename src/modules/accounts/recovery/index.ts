// Recovery: single-use, expiring links sent by email (password reset, email verification) and the
// public routes that send and spend them. Every registration path sends its verification link
// with sendEmailVerification.
import { newRouter } from '../../../http/router';
import * as h from './recovery.handlers';
import * as r from './recovery.routes';

export { sendEmailVerification } from './links.service';
export { setPassword } from './recovery.queries';

export const recoveryRouter = newRouter()
  .openapi(r.forgot, h.forgot)
  .openapi(r.validate, h.validate)
  .openapi(r.reset, h.reset)
  .openapi(r.resend, h.resend)
  .openapi(r.verify, h.verify);
