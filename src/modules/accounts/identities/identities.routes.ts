// Linked sign-in identities of the caller: list, link (start), unlink, primary method, history.
// The contract routes, their parameters and what the reference leaves unsaid.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/accounts';
import { contractRoute } from '../../../http/route';
import { limitOffsetQuery } from '../../../lib/pagination';
import { OAUTH_PROVIDERS } from '../../../providers/oauth';

// Identity routes serve a session that still owes its post-sign-in tasks (linking is part of the flow).
const auth = { usersOnly: true, allowDuringFlow: true } as const;
const providerParam = z.object({ provider: z.enum(OAUTH_PROVIDERS) });

export const list = contractRoute(contract.getSecureAuthIdentities, {
  description:
    "The caller's linked provider identities, oldest link first. `is_primary`: the identity's provider is the account's " +
    'primary sign-in method (`users.primary_provider`). `email_auth_enabled`: the account has a password.',
  auth,
});

export const link = contractRoute(contract.postSecureAuthLinkByProvider, {
  description:
    'Starts linking a provider to the caller: returns the provider URL of a state bound to this account (purpose link, ' +
    "single use, 10 minutes). The provider returns to `redirectUrl?code&state`; post both to `/public/auth/oauth/exchange` " +
    '(`pveState` = state) to attach the identity (409 there when it belongs to another account). `redirectUrl` defaults ' +
    "to the tenant's `defaultOAuthRedirectUrl` (400 when neither is set) and follows the rules of `oauth/initiate`; its " +
    'scheme implies the client type (https/http → web, chrome-extension → extension, other → desktop). 409 when the ' +
    'account already has an identity of this provider; 400 when the provider is not enabled for the tenant.',
  request: { params: providerParam },
  bodyOptional: true,
  auth,
  errors: [409],
});

export const unlink = contractRoute(contract.deleteSecureAuthUnlinkByProvider, {
  description:
    "Removes the caller's identity of this provider (404 when none). Refused with 409 when it is the account's last way " +
    'to sign in (no other identity and no password). When it was the primary method, the primary becomes `email` if the ' +
    'account has a password, else the oldest remaining identity; an avatar taken from it falls back to none.',
  request: { params: providerParam },
  auth,
  errors: [409],
});

export const primary = contractRoute(contract.patchSecureAuthPrimaryByProvider, {
  description:
    'Sets the primary sign-in method: a linked provider (404 when not linked) or `email` (409 when the account has no password).',
  request: { params: z.object({ provider: z.enum([...OAUTH_PROVIDERS, 'email']) }) },
  auth,
  errors: [409],
});

export const history = contractRoute(contract.getSecureAuthOauthHistory, {
  description:
    "The caller's OAuth sign-in attempts (successful and failed exchanges attributed to this account, including link " +
    'flows), newest first; `total` counts all of them.',
  request: { query: z.object(limitOffsetQuery(20, 100)) },
  auth,
});
