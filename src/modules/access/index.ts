// Access: users of a tenant, groups and their members, IAM (what the caller may do), the users and
// groups import and export, approvals, API keys, application accounts, invitations and security. The permission catalog lives in src/lib/permissions.ts.
import { newRouter } from '../../http/router';
import { apiKeysRouter } from './api-keys';
import { appAccountsRouter } from './app-accounts';
import { approvalsRouter } from './approvals';
import { groupsRouter } from './groups';
import { iamRouter } from './iam';
import { invitationsRouter } from './invitations';
import { securityRouter } from './security';
import { transferRouter } from './transfer';
import { usersRouter } from './users';

// Fixed paths (export, import) are registered before the `{id}` routes of users and groups.
export const accessModule = newRouter()
  .route('/', transferRouter)
  .route('/', usersRouter)
  .route('/', groupsRouter)
  .route('/', iamRouter)
  .route('/', approvalsRouter)
  .route('/', apiKeysRouter)
  .route('/', appAccountsRouter)
  .route('/', securityRouter)
  .route('/', invitationsRouter);
