// Sign-in: password sign-in and the tenant picker before it. Other areas use the password
// throttle (every route that checks an account's password counts on the same keys), the generic
// brute-force counters, and who a user is in a tenant (userContext, loginUser).
import { newRouter } from '../../../http/router';
import * as h from './sign-in.handlers';
import * as r from './sign-in.routes';

export { assertMayTryPassword, passwordFailed, passwordSucceeded, signInKeys, type Attempt } from './throttle.service';
// The IP auto-block (security/auto-block.ts) imports throttle.queries directly: this index imports
// the auto-block through the password throttle.
export { assertNotThrottled, clearFailures, recordFailure } from './throttle.queries';
export { contextOf, groupGrants, userContext } from './user-context.queries';
export type { UserContext } from './sign-in.model';
export { loginUser } from './sign-in.views';

export const signInRouter = newRouter().openapi(r.login, h.login).openapi(r.userTenants, h.userTenants);
