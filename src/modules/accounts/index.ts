// Accounts: sign-up, sign-in, sessions, 2FA, OAuth, post-sign-in tasks, profile.
import { newRouter } from '../../http/router';
import { avatarRoutes } from './avatar';
import { flowRoutes } from './flow';
import { flowTaskAdmin } from './flow-tasks';
import { identityRoutes } from './identities';
import { login } from './login';
import { logout } from './logout';
import { meRoutes } from './me';
import { mergeRoutes } from './merge';
import { oauthPublicRoutes, oauthRegisterRoutes } from './oauth';
import { membershipRoutes } from './memberships';
import { passwordRoutes } from './password';
import { refresh } from './refresh';
import { recoveryRoutes } from './recovery';
import { register } from './register';
import { registerUser } from './register-user';
import { twoFactorRoutes } from './two-factor';
import { userTenants } from './user-tenants';

export const accountsModule = newRouter()
  .route('/', register)
  .route('/', login)
  .route('/', refresh)
  .route('/', logout)
  .route('/', meRoutes)
  .route('/', membershipRoutes)
  .route('/', passwordRoutes)
  .route('/', userTenants)
  .route('/', recoveryRoutes)
  .route('/', registerUser)
  .route('/', flowTaskAdmin)
  .route('/', flowRoutes)
  .route('/', avatarRoutes)
  .route('/', twoFactorRoutes)
  .route('/', oauthPublicRoutes)
  .route('/', oauthRegisterRoutes)
  .route('/', identityRoutes)
  .route('/', mergeRoutes);
