// Accounts: sign-up, sign-in, sessions, 2FA, OAuth, post-sign-in tasks, profile.
import { newRouter } from '../../lib/router';
import { login } from './login';
import { logout } from './logout';
import { meRoutes } from './me';
import { membershipRoutes } from './memberships';
import { passwordRoutes } from './password';
import { refresh } from './refresh';
import { register } from './register';
import { userTenants } from './user-tenants';

export const accountsModule = newRouter()
  .route('/', register)
  .route('/', login)
  .route('/', refresh)
  .route('/', logout)
  .route('/', meRoutes)
  .route('/', membershipRoutes)
  .route('/', passwordRoutes)
  .route('/', userTenants);
