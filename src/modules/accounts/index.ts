// Accounts: sign-up, sign-in, sessions, 2FA, OAuth, post-sign-in tasks, profile.
import { newRouter } from '../../http/router';
import { avatarRouter } from './avatar';
import { flowRoutes } from './flow';
import { flowTaskAdmin } from './flow-tasks';
import { identityRoutes } from './identities';
import { meRouter } from './me';
import { membershipsRouter } from './memberships';
import { mergeRoutes } from './merge';
import { oauthPublicRoutes, oauthRegisterRoutes } from './oauth';
import { recoveryRouter } from './recovery';
import { registrationRouter } from './registration';
import { sessionsRouter } from './sessions';
import { signInRouter } from './sign-in';
import { twoFactorRoutes } from './two-factor';

export const accountsModule = newRouter()
  .route('/', registrationRouter)
  .route('/', signInRouter)
  .route('/', sessionsRouter)
  .route('/', meRouter)
  .route('/', membershipsRouter)
  .route('/', recoveryRouter)
  .route('/', flowTaskAdmin)
  .route('/', flowRoutes)
  .route('/', avatarRouter)
  .route('/', twoFactorRoutes)
  .route('/', oauthPublicRoutes)
  .route('/', oauthRegisterRoutes)
  .route('/', identityRoutes)
  .route('/', mergeRoutes);
