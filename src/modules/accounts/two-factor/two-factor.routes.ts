// Two-factor authentication routes: enrolment (TOTP, email, SMS, WhatsApp), the sign-in challenge,
// backup codes and disabling. The contract routes, who may call them and what the reference
// leaves unsaid.
//
// The sign-in challenge: POST /public/auth/login answers tokens of a session with
// `mfa_pending = true` when the user has an enabled method; middleware/auth.ts refuses that session
// everywhere (403, details.reason MFA_REQUIRED) except the routes below that declare
// `allowMfaPending`. A correct `verify` or `use-backup` clears the flag of THAT session, so the same
// tokens then carry full access.
//
// Wrong codes must leave traces although the answer is an error: the code-checking routes run
// without the request-wide transaction (`unitOfWork: false`) and commit their own
// (two-factor.throttle.ts).
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/accounts';
import { contractRoute } from '../../../http/route';
import { BACKUP_CODE_COUNT, CODE_TTL_SECONDS, MAX_SENDS_PER_HOUR, MFA_METHODS, RESEND_INTERVAL_SECONDS } from './two-factor.model';

const CHALLENGE =
  '**Sign-in challenge:** a user with an enabled method who signs in with a password receives tokens of a ' +
  'restricted session: every route except `2fa/verify`, `2fa/use-backup`, `2fa/send-code`, `2fa/status` and ' +
  '`auth/logout` answers 403 with `details.reason = MFA_REQUIRED`. A correct code here completes the ' +
  'challenge for that session only: the same access and refresh tokens then carry full access.';
const THROTTLE =
  '**Wrong codes:** 400 (`details.reason = INVALID_CODE`), recorded as a security event. After 5 wrong codes ' +
  'within 15 minutes (the sign-in limits, `LOGIN_MAX_FAILURES` / `LOGIN_WINDOW_SECONDS` / `LOGIN_BLOCK_SECONDS`) ' +
  'per user, or per IP across users, every code-checking route answers 429 with `Retry-After` for 15 minutes.';
const SEND_LIMITS = `At most one code per method every ${RESEND_INTERVAL_SECONDS} seconds and ${MAX_SENDS_PER_HOUR} codes per hour per user (429 with \`Retry-After\`, \`details.reason = MFA_SEND_LIMIT\`).`;
const CODES = `Codes sent by email, SMS or WhatsApp have 6 digits, expire after ${CODE_TTL_SECONDS / 60} minutes, work once, and only the latest one sent for a method is valid.`;
const ENROLMENT = 'Callable when the tenant requires 2FA (`auth_config.mfaRequired`) and the user has not enrolled yet.';

const methodParam = z.object({ method: z.enum(MFA_METHODS).openapi({ param: { name: 'method', in: 'path' }, description: 'totp | sms | email | whatsapp' }) });

export const enable = contractRoute(contract.postSecureAuth2faEnableByMethod, {
  description:
    'Starts setting up a second factor; it counts (sign-in challenge, `status`) only once `verify` accepted a code. ' +
    '**totp:** answers a new Base32 secret (shown once; stored encrypted), the `otpauth://` URI, the same URI as a QR ' +
    `code (\`qr_code_data_url\`, a GIF data URL) and ${BACKUP_CODE_COUNT} new backup codes (previous backup codes stop working). ` +
    'Send no `delivery_target`. **email / sms / whatsapp:** sends a code to `delivery_target` (email: defaults to the ' +
    'account email; sms/whatsapp: required, a mobile number in international format `+…`, stored as E.164) and answers ' +
    `the target masked. ${CODES} ${SEND_LIMITS} Calling again while the method is still pending restarts its setup ` +
    '(new secret or target); an already enabled method answers 409 (disable it first). A session still owing its ' +
    `second factor cannot call this route. ${ENROLMENT}`,
  request: { params: methodParam },
  auth: { allowDuringFlow: true, usersOnly: true, allowMfaEnrollment: true },
  bodyOptional: true,
  errors: [409, 429],
});

export const verify = contractRoute(contract.postSecureAuth2faVerify, {
  description:
    'Checks a code of `method`: a TOTP code from the authenticator app (±30 s of clock skew; a code, or an earlier ' +
    'one, is never accepted twice), or the latest code sent by email/SMS/WhatsApp. A pending method becomes enabled ' +
    `(\`enabled: true\`). ${CHALLENGE} During the challenge only enabled methods are accepted. ${THROTTLE} ` +
    `Method not set up: 404. ${ENROLMENT}`,
  auth: { allowDuringFlow: true, usersOnly: true, allowMfaPending: true, allowMfaEnrollment: true },
  unitOfWork: false,
  errors: [429],
});

export const sendCode = contractRoute(contract.postSecureAuth2faSendCode, {
  description:
    `Sends a new code for an email, SMS or WhatsApp method to its delivery target (the previous code stops working). ${CODES} ` +
    `${SEND_LIMITS} The method must be set up (enable): 404 otherwise; during the sign-in challenge it must be enabled. ` +
    `Also refused (429) while code checks are blocked after wrong codes. Callable during the sign-in challenge. ${ENROLMENT}`,
  auth: { allowDuringFlow: true, usersOnly: true, allowMfaPending: true, allowMfaEnrollment: true },
  errors: [429],
});

export const useBackup = contractRoute(contract.postSecureAuth2faUseBackup, {
  description:
    `Spends one backup code (8 characters; case, spaces and hyphens are ignored) and answers how many remain. ${CHALLENGE} ` +
    `${THROTTLE} ${ENROLMENT}`,
  auth: { allowDuringFlow: true, usersOnly: true, allowMfaPending: true, allowMfaEnrollment: true },
  unitOfWork: false,
  errors: [429],
});

export const backupCodes = contractRoute(contract.postSecureAuth2faBackupCodes, {
  description:
    `Replaces all backup codes with ${BACKUP_CODE_COUNT} new single-use codes (8 characters, shown once, stored hashed); ` +
    'the previous ones stop working. Needs an enabled method (409 otherwise) and a session that completed its ' +
    'sign-in challenge.',
  auth: { allowDuringFlow: true, usersOnly: true },
  bodyOptional: true,
  errors: [409],
});

export const disable = contractRoute(contract.deleteSecureAuth2faDisable, {
  description:
    'Removes a method (enabled or pending), confirmed by a current code: 6 digits = a code of that method (TOTP code, ' +
    'or for email/SMS/WhatsApp the latest code from `send-code`); 8 characters = an unused backup code, which is then ' +
    'spent. (The reference allows `code` up to 8 characters while backup codes may be up to 12: backup codes here ' +
    'have 8 characters, so both fit.) Removing the last enabled method also deletes the backup codes: 2FA is then off. ' +
    'When the tenant requires 2FA, the last enabled method cannot be removed (409): enable another first. Needs a ' +
    `session that completed its sign-in challenge. Method not set up: 404. ${THROTTLE}`,
  auth: { allowDuringFlow: true, usersOnly: true },
  unitOfWork: false,
  errors: [409, 429],
});

export const status = contractRoute(contract.getSecureAuth2faStatus, {
  description:
    'The caller’s enabled methods (oldest first; email/phone masked, null for TOTP), the number of unused backup codes, ' +
    'and `requires_2fa`: whether the session’s tenant requires 2FA. Pending (not yet verified) methods are not listed. ' +
    `Callable during the sign-in challenge. ${ENROLMENT}`,
  auth: { allowDuringFlow: true, usersOnly: true, allowMfaPending: true, allowMfaEnrollment: true },
});
