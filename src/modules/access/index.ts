// Access: users of a tenant, groups and their members, IAM (what the caller may do), and the
// users/groups import and export. The permission catalog lives in src/lib/permissions.ts.
import { newRouter } from '../../http/router';
import { groupsRoutes } from './groups';
import { groupsTransferRoutes } from './groups-transfer';
import { iamRouter } from './iam';
import { usersRoutes } from './users';
import { usersTransferRoutes } from './users-transfer';

// Fixed paths (export, import, users/{userId}/permissions) are registered before `{id}` routes.
export const accessModule = newRouter()
  .route('/', usersTransferRoutes)
  .route('/', groupsTransferRoutes)
  .route('/', usersRoutes)
  .route('/', groupsRoutes)
  .route('/', iamRouter);
