// Application accounts (list, create, read, update, delete, passwords, usage): the contract routes,
// who may call them, their parameters and what the reference leaves unsaid.
import * as contract from '../../../contract/access';
import { contractRoute } from '../../../http/route';
import { idParam, TEMPLATE_DOC, templateQuery } from '../shared/credentials';
import { MAX_APP_ACCOUNTS_PER_TENANT, MIN_PASSWORD } from './app-accounts.model';

const SIGN_IN =
  ' **Signing in:** app accounts use `POST /api/v1/public/auth/login` with their email and password like people; a suspended, revoked ' +
  'or expired account cannot sign in and its existing sessions stop working on their next request (suspending or revoking also ' +
  'revokes every session at once). Its permissions are those of its permission object, never a role; the tenant’s 2FA requirement ' +
  'does not apply to it.';

export const list = contractRoute(contract.getSecureAppAccounts, {
  description: `The tenant's application accounts, newest first (at most ${MAX_APP_ACCOUNTS_PER_TENANT} per tenant, so no pagination).${SIGN_IN}`,
  auth: { permission: 'app_accounts:read' },
});
export const create = contractRoute(contract.postSecureAppAccounts, {
  description:
    `Creates the account and its sign-in identity (a user of kind app_account with a guest membership in this tenant). ` +
    `\`email\` must not belong to any user yet (409). \`password\` at least ${MIN_PASSWORD} characters; \`expires_at\` in the future. ` +
    `${TEMPLATE_DOC}${SIGN_IN}`,
  request: { query: templateQuery },
  auth: { permission: 'app_accounts:write' },
  errors: [409],
});
export const get = contractRoute(contract.getSecureAppAccountsById, {
  description: 'One application account.',
  request: { params: idParam },
  auth: { permission: 'app_accounts:read' },
});
export const patch = contractRoute(contract.patchSecureAppAccountsById, {
  description:
    '`permissions` is merged section by section (flags given replace stored ones). `status: suspended` or `revoked` revokes every ' +
    'session of the account immediately and blocks sign-in; `active` allows it again, except after `revoked`, which is final (409). ' +
    '`expires_at: null` removes the expiry; a new expiry must be in the future. Changing permissions takes effect on the next request.',
  request: { params: idParam },
  auth: { permission: 'app_accounts:write' },
  errors: [409],
});
export const remove = contractRoute(contract.deleteSecureAppAccountsById, {
  description: 'Deletes the account and its sign-in identity; its sessions end at once. 204 without a body.',
  request: { params: idParam },
  auth: { permission: 'app_accounts:write' },
});
export const regenerate = contractRoute(contract.postSecureAppAccountsByIdRegeneratePassword, {
  description: 'Replaces the password with a random 32-character one, returned once. Every existing session of the account is revoked.',
  request: { params: idParam },
  auth: { permission: 'app_accounts:write' },
});
export const setPassword = contractRoute(contract.postSecureAppAccountsByIdSetPassword, {
  description: `Sets a chosen password (at least ${MIN_PASSWORD} characters, else 400). Every existing session of the account is revoked. \`data\` holds \`id\` and \`password_changed_at\`.`,
  request: { params: idParam },
  auth: { permission: 'app_accounts:write' },
});
export const usage = contractRoute(contract.getSecureAppAccountsByIdUsageStats, {
  description:
    'Usage of the account, from recorded data: `sessions` (total, active = not revoked and not expired, `last_sign_in_at`), ' +
    '`sign_ins` (successful count since creation, failed attempts in the last 30 days), `requests` (authenticated /secure requests ' +
    'made with its sessions, counted after each response; `last_used_at`), plus `status`, `expires_at` and `created_at`.',
  request: { params: idParam },
  auth: { permission: 'app_accounts:read' },
});
