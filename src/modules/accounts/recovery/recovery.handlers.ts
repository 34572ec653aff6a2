// Recovery handlers: read the input, call the service, answer (the same answer for every email).
import type { Handler } from '../../../http/handler';
import { serviceContext } from '../../../middleware/service-context';
import type * as routes from './recovery.routes';
import * as service from './recovery.service';

const SAME_ANSWER = 'If an account exists for this email, a message is on its way.';

export const forgot: Handler<typeof routes.forgot> = async (c) => {
  await service.requestPasswordReset(serviceContext(c), c.req.valid('json').email);
  return c.json({ message: SAME_ANSWER }, 200);
};

export const validate: Handler<typeof routes.validate> = async (c) => {
  const email = await service.resetTokenEmail(serviceContext(c), c.req.valid('query').token);
  if (email === null) return c.json({ valid: false }, 200);
  return c.json({ valid: true, email }, 200);
};

export const reset: Handler<typeof routes.reset> = async (c) => {
  const body = c.req.valid('json');
  await service.resetPassword(serviceContext(c), body.token, body.password);
  return c.json({ message: 'Password updated. Sign in with the new password.' }, 200);
};

export const resend: Handler<typeof routes.resend> = async (c) => {
  await service.resendVerification(serviceContext(c), c.req.valid('json').email);
  return c.json({ message: SAME_ANSWER }, 200);
};

export const verify: Handler<typeof routes.verify> = async (c) => {
  const email = await service.verifyEmail(serviceContext(c), c.req.valid('json').token);
  return c.json({ message: 'Email address verified', verified: true, email }, 200);
};
