// The signed-in user's own account: profile and settings, password change, closing the account.
import * as contract from '../../../contract/accounts';
import { contractRoute } from '../../../http/route';

export const get = contractRoute(contract.getSecureAuthMe, {
  description: 'The signed-in user in the session’s active tenant: profile, settings, groups and effective permissions (role permissions plus every group’s). `displayName` falls back to the email’s local part.',
  auth: { allowDuringFlow: true, usersOnly: true },
});
export const resetPreferences = contractRoute(contract.deleteSecureAuthMePreferences, {
  description: 'Resets the caller’s settings to the default (empty settings, no settings type) and returns the profile.',
  auth: { allowDuringFlow: true, usersOnly: true },
});
export const patch = contractRoute(contract.patchSecureAuthMe, {
  description:
    'Updates the signed-in user’s names, locale, settings (replaced as a whole) and settings type. `null` clears a name. When ' +
    '`settings` or `typeDefinitionId` change and a type applies (the new one, else the current one), the settings must validate ' +
    'against it: 422 with `details.reason` `TYPE_NOT_FOUND`, `TYPE_INACTIVE`, `TYPE_NOT_APPLICABLE` or `SETTINGS_INVALID` (`details.fields`).',
  auth: { allowDuringFlow: true, usersOnly: true },
});

export const changePassword = contractRoute(contract.postSecureAuthMeChangePassword, {
  description:
    'Checks the current password, sets the new one (at least 8 characters, different from the current) and revokes every other session of the user; the calling session stays signed in. A wrong current password answers 400 and counts toward the sign-in throttle of the account and the IP (429 with `Retry-After` once blocked, here and at sign-in).',
  auth: { allowDuringFlow: true, usersOnly: true },
  errors: [429],
  unitOfWork: false,
});

export const closeAccount = contractRoute(contract.deleteSecureAuthAccount, {
  description:
    'Closes the caller’s account: the user is retired, their memberships suspended, every session revoked, and the email released (the row is kept, anonymised, for referential integrity). Refused with 409 while the caller is the last active owner of a tenant that has other active members.',
  auth: { allowDuringFlow: true, usersOnly: true },
  errors: [409],
});
