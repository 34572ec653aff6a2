// Email verification and password reset: the contract routes (and `verify-email`, which the
// reference lacks), what they answer and what the reference leaves unsaid.
import { createRoute, z } from '@hono/zod-openapi';
import * as contract from '../../../contract/accounts';
import { contractRoute } from '../../../http/route';
import { StandardErrorResponse } from '../../../lib/errors';
import { EMAIL_VERIFICATION_TTL_HOURS, PASSWORD_RESET_TTL_MINUTES } from './recovery.model';

export const forgot = contractRoute(contract.postPublicAuthForgotPassword, {
  description: `Emails a single-use password reset link valid for ${PASSWORD_RESET_TTL_MINUTES} minutes (at most one per minute per account). Always answers 200 with the same message, whether or not the email has an account.`,
});
export const validate = contractRoute(contract.getPublicAuthValidateResetToken, {
  description: 'Tells whether a reset token is still usable (unused, unexpired), and for whom. Does not spend it.',
  request: { query: z.object({ token: z.string().min(1).max(200).openapi({ description: 'The token from the reset link' }) }) },
});
export const reset = contractRoute(contract.postPublicAuthResetPassword, {
  description: 'Sets a new password with a reset token. The token works once; every session of the user is revoked. Invalid, used or expired token: 400.',
});
export const resend = contractRoute(contract.postPublicAuthResendVerification, {
  description: `Emails a new verification link (valid ${EMAIL_VERIFICATION_TTL_HOURS} hours; earlier links stop working) to an unverified account. Always answers 200 with the same message, whether or not the email has an account or is already verified.`,
});
export const verify = createRoute({
  method: 'post',
  path: '/api/v1/public/auth/verify-email',
  summary: 'Verify email address',
  description:
    'Consumes the single-use token from the verification email (`/verify-email?token=...` in the web app) and marks the address verified. Not in the original reference: added because verification is done by this API. Invalid, used or expired token: 400.',
  tags: ['Auth', 'Registration'],
  request: { body: { required: true, content: { 'application/json': { schema: z.strictObject({ token: z.string().min(1).max(200) }) } } } },
  responses: {
    200: { description: 'Verified', content: { 'application/json': { schema: z.strictObject({ message: z.string(), verified: z.boolean(), email: z.email() }) } } },
    400: { description: 'Invalid token', content: { 'application/json': { schema: StandardErrorResponse } } },
    500: { description: 'Internal error', content: { 'application/json': { schema: StandardErrorResponse } } },
  },
});
