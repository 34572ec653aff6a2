// Users of the caller's tenant (list, admin creation, details, update, context, password reset):
// the contract routes, who may call them, their parameters and what the reference leaves unsaid.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/access';
import { contractRoute } from '../../../http/route';
import { idParam, limitOffsetQuery } from '../../../lib/pagination';
import { USER_STATUSES } from './users.model';

const params = idParam('User id');

export const list = contractRoute(contract.getSecureUsers, {
  description:
    'Members of the caller’s tenant (any membership status), ordered by email then id. `search` matches email, first, ' +
    'middle, last and display name (case-insensitive substring); `status` filters by account status. `limit` 1..200 ' +
    '(default 50), `offset`; `pagination.total` counts every match. `tenantId` in each item is the caller’s tenant. ' +
    'Tenant-scoped for everyone, system administrators included (they list another tenant by switching to it). Needs `users:read`.',
  request: {
    query: z.object({
      ...limitOffsetQuery(50, 200),
      search: z.string().trim().max(200).optional().openapi({ description: 'Substring of email or names' }),
      status: z.enum(USER_STATUSES).optional(),
    }),
  },
  auth: { permission: 'users:read' },
});

export const create = contractRoute(contract.postSecureUsers, {
  description:
    'Creates an account with a password and makes it a `member` of the caller’s tenant (status active; the email is ' +
    'not yet confirmed, `emailVerificationStatus` is `pending`). Emails are unique across the platform: 409 ' +
    '`CONFLICT` when the email is already a member here, and also when it belongs to an account of another tenant — ' +
    'an existing account joins this tenant through an invitation (`POST /api/v1/secure/invitations/`), never by ' +
    'being re-created (`details.reason` is `ALREADY_MEMBER` or `ACCOUNT_EXISTS`). With a `typeDefinitionId`, ' +
    '`settings` must validate against that type definition (the tenant’s or a platform one, active, `appliesTo` `user`): 422 ' +
    'with `details.reason` `TYPE_NOT_FOUND`, `TYPE_INACTIVE`, `TYPE_NOT_APPLICABLE` or `SETTINGS_INVALID` (`details.fields` names ' +
    'each failing path, e.g. `settings.theme`). Needs `users:write`.',
  request: {},
  auth: { permission: 'users:write' },
  errors: [409],
});

export const get = contractRoute(contract.getSecureUsersById, {
  description: 'A member of the caller’s tenant. 404 for an unknown id or a user who is not a member of this tenant. Needs `users:read`.',
  request: { params },
  auth: { permission: 'users:read' },
});

export const patch = contractRoute(contract.patchSecureUsersById, {
  description:
    'Updates names, locale, settings (replaced as a whole) and settings type of a member of the caller’s tenant; `null` ' +
    'clears a name. When `settings` or `typeDefinitionId` change and a type applies (the new one, else the current one), the ' +
    'settings must validate against it (422 as on create). Email, status and role are not changed here. 403 when the user’s role in this tenant ranks above ' +
    'the caller’s (an admin cannot edit the owner), 404 for users outside the tenant. Needs `users:write`.',
  request: { params },
  auth: { permission: 'users:write' },
});

export const context = contractRoute(contract.getSecureUsersByIdContext, {
  description:
    'A member with the groups they belong to in this tenant (no per-group role exists: `role` is omitted), their ' +
    'effective permissions in this tenant (role ∪ groups, from the catalog served by `GET /api/v1/secure/iam/`) as ' +
    '`{resource, action}` pairs, and their last 5 activities, newest first. Activity comes from what the platform ' +
    'records today: sign-ins (`type` `sign_in`, `entity_type` `session`, `entity_id` the session) and security events ' +
    'in this tenant other than successful sign-ins (`type` the event type, e.g. `login_failed`, `admin_password_reset`; ' +
    '`entity_type` `security_event`). The audit log joins this list when it exists. Needs `users:read`.',
  request: { params },
  auth: { permission: 'users:read' },
});

export const resetPassword = contractRoute(contract.postSecureUsersByIdResetPassword, {
  description:
    'Sets a random temporary password (20 characters, 120 bits) and returns it once (`Cache-Control: no-store`; it is ' +
    'stored only as a hash). In the same transaction the old password stops working, every session of the user (in ' +
    'every tenant) is revoked, so their access tokens fail on the next request, and pending password-reset links are ' +
    'spent; a security event `admin_password_reset` is recorded. Hand the password over out of band and have the ' +
    'user change it. 403 when the user’s role ranks above the caller’s or the user is a platform administrator and ' +
    'the caller is not; 404 outside the tenant. Needs `users:write`.',
  request: { params },
  auth: { permission: 'users:write' },
});
