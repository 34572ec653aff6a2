// Registration: sign-up of a new tenant with its owner, and self-registration into a tenant that
// allows it. Verification links come from recovery (sendEmailVerification).
import { newRouter } from '../../../http/router';
import * as h from './registration.handlers';
import * as r from './registration.routes';

export const registrationRouter = newRouter().openapi(r.register, h.register).openapi(r.registerUser, h.registerUser);
