// Sign-up: a new tenant with its owner, and self-registration into an existing tenant.
import * as contract from '../../../contract/accounts';
import { contractRoute } from '../../../http/route';

export const register = contractRoute(contract.postPublicAuthRegister, {
  description:
    'Creates a new tenant (`tenantDomain` becomes its slug and domain) with the caller as its owner, and ' +
    'emails a single-use verification link (see `POST /api/v1/public/auth/verify-email`). 409 when the ' +
    'email or the domain is taken. Sign in afterwards with `/public/auth/login`.',
  errors: [409],
});

export const registerUser = contractRoute(contract.postPublicAuthRegisterUser, {
  description:
    'Creates an account that joins an existing tenant as a `member`. The tenant is `tenantId`, else the ' +
    '`X-Tenant-ID` header, else the tenant whose **verified** custom domain (`/secure/tenant-domains`) is the request\'s Host. Refused with 403 when the tenant ' +
    'requires invitations, does not allow self-registration, or has password sign-in disabled; 404 for an ' +
    'unknown or inactive tenant; 409 when the email already has an account (sign in and ask for an invitation). ' +
    'A verification link is emailed (`requiresVerification` is true).',
  errors: [409],
});
