// Accounts: sign-up, sign-in, sessions, 2FA, OAuth, post-sign-in tasks, profile.
import { newRouter } from '../../lib/router';
import { avatarRoutes } from './avatar';
import { flowRoutes } from './flow';
import { flowTaskAdmin } from './flow-tasks';
import { login } from './login';
import { logout } from './logout';
import { meRoutes } from './me';
import { refresh } from './refresh';
import { register } from './register';

export const accountsModule = newRouter()
  .route('/', register)
  .route('/', login)
  .route('/', refresh)
  .route('/', logout)
  .route('/', meRoutes)
  .route('/', flowTaskAdmin)
  .route('/', flowRoutes)
  .route('/', avatarRoutes);
