// Access: users of a tenant, groups and their members, IAM (what the caller may do), the users and
// groups import and export, and approvals. The permission catalog lives in src/lib/permissions.ts.
import { newRouter } from '../../http/router';
import { approvalsRouter } from './approvals';
import { groupsRouter } from './groups';
import { iamRouter } from './iam';
import { transferRouter } from './transfer';
import { usersRouter } from './users';

// Fixed paths (export, import) are registered before the `{id}` routes of users and groups.
export const accessModule = newRouter()
  .route('/', transferRouter)
  .route('/', usersRouter)
  .route('/', groupsRouter)
  .route('/', iamRouter)
  .route('/', approvalsRouter);
