// POST /secure/auth/merge-accounts: folds a second account, proven by its own access token, into
// the caller's. The contract route and what the reference leaves unsaid.
import * as contract from '../../../contract/accounts';
import { contractRoute } from '../../../http/route';

export const merge = contractRoute(contract.postSecureAuthMergeAccounts, {
  description:
    "Merges a second account into the caller's. **Proof:** `secondaryAccessToken` must be a valid, unexpired access " +
    'token of a live, fully signed-in session (2FA done) of another active person account (422 otherwise; same account: ' +
    '422). **What moves** (one transaction): provider identities (one the caller already has for the same provider is ' +
    'dropped, with a warning), tenant memberships (where both are members the higher role is kept with `move_all`, ' +
    'the caller\'s role with `safe_only`, default `move_all`), group memberships, post-sign-in task completions ' +
    'and OAuth login history. The second account\'s sessions are revoked and the account is retired (status `retired`, ' +
    'deleted, email released as `merged+<id>@merged.invalid`, the original kept in its settings); its password and ' +
    '2FA methods are not carried over (warnings say so). `reassignedEntities` counts: identities, memberships, ' +
    'membershipRolesRaised, groupMemberships, flowCompletions, oauthLoginHistory, sessionsRevoked. **dryRun**: computes ' +
    'the same counts and warnings and writes nothing (`status` dry_run).',
  auth: { allowDuringFlow: true, usersOnly: true },
  errors: [422],
  // Moves the person's identities and group memberships in every tenant they belong to.
  acrossTenants: true,
});
